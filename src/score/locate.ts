// Maps a path into the decoded value back to a line:col in the YAML source, by walking the
// parsed node tree (which keeps source ranges) alongside the path.
import { isAlias, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Pair } from 'yaml';

/** A 1-based source position. */
export interface SourcePosition {
  line: number;
  col: number;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? 'null' : String(key.value);
  return undefined;
}

function findPair(map: { items: Pair[] }, key: string): Pair | undefined {
  // The last pair wins, as it does when the map is decoded.
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    if (pair !== undefined && keyText(pair.key) === key) return pair;
  }
  return undefined;
}

function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}

/**
 * Source position of `path` in `doc`. A scalar value is reported at the value; a map or list
 * value, or a null one, at its key (the value starts on another line). When the path leaves
 * the document, the nearest existing parent is reported. With `atKey`, the last map entry is
 * reported at its key whatever its value.
 */
export function locateInDocument(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  atKey = false,
): SourcePosition | undefined {
  let node: unknown = doc.contents;
  let best = startOf(node) ?? 0;
  for (const [depth, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
      node = node.items[Number(seg)];
      if (node === undefined) break;
    } else {
      break;
    }
    const valueStart = startOf(node);
    const isNullScalar = isScalar(node) && node.value === null;
    const wantKey = valueStart === undefined || isCollection(node) || isNullScalar || (atKey && depth === path.length - 1);
    const pointAtKey = keyNode !== undefined && wantKey;
    const at = pointAtKey ? startOf(keyNode) : valueStart;
    if (at !== undefined) best = at;
  }
  const pos = lineCounter.linePos(best);
  return { line: pos.line, col: pos.col };
}
