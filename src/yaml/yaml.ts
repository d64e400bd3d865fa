// The ONLY module that imports the `yaml` package. Every YAML text the tool reads (Score files,
// state, provisioner files, template output, flag values, compose files) goes through
// parseYaml, with one set of limits; everything it writes goes through stringifyYaml, with one
// set of options. Errors are ScoreComposeErrors that carry `file:line:col`.
//
// Most texts are in the plain block style that block-subset.ts reads and writes itself, to the
// same values and text, much faster than the package, which is loaded only when a text needs it.
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { Document, LineCounter, Pair } from 'yaml';
import { ScoreComposeError, type ErrorCode } from '../common/errors.js';
import { MAX_NESTING, readBlockSubset, writeBlockSubset } from './block-subset.js';

let yamlPackage: typeof YamlPackage | undefined;

/**
 * The yaml package, loaded (synchronously: it is CommonJS) on first use. In the CLI bundle,
 * itself CommonJS, `require` exists and esbuild bundles this call, so the package is in the
 * bundle but evaluated only when used; the library, an ES module, has no `require`.
 */
function yaml(): typeof YamlPackage {
  yamlPackage ??=
    typeof require === 'function'
      ? (require('yaml') as typeof YamlPackage) // eslint-disable-line @typescript-eslint/no-require-imports
      : (createRequire(import.meta.url)('yaml') as typeof YamlPackage);
  return yamlPackage;
}

/** A 1-based source position. */
export interface YamlPosition {
  line: number;
  col: number;
}

/** Upper bound on alias expansions: far above what a real file uses, far below a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;
/** Upper bound on the text size: a 500-workload state is a few MB. */
export const MAX_YAML_BYTES = 64 * 1024 * 1024;

/** How to read one YAML text. */
export interface YamlParseOptions {
  /** Where the text comes from; set as the error location when `located` is not false. */
  source: string;
  /** Whether `source` is a file a position can point into (default true). */
  located?: boolean;
  /**
   * `first`: the first non-empty document (a file may start with comments and `---`), later
   * documents are not read. `one`: a second non-empty document is an error.
   */
  documents?: 'first' | 'one';
  /** The error message for a problem; default `failed to decode '<source>' as yaml: <problem>`. */
  describe?: (problem: string) => string;
  /** The error code (default `input`). */
  code?: ErrorCode;
}

/** A decoded YAML document and the way back from a value path to its source position. */
export interface YamlDocument {
  /** The decoded value; `null` for a text with no document. */
  value: unknown;
  /**
   * Position of the value at `path` (of its key with `atKey`), or of its nearest existing parent.
   * An empty path is the start of the document's content. With `text`, and a scalar at `path`
   * whose source holds that text as written (a placeholder, say), the position of the text.
   */
  locate(path: readonly (string | number)[], atKey?: boolean, text?: string): YamlPosition | undefined;
}

type Fail = (reason: string, pos?: YamlPosition, cause?: unknown) => never;

/**
 * The error for a problem in a YAML text, worded and located as parseYaml words its own; for
 * callers that find a problem in the decoded value (a root that must be a map, say).
 */
export function yamlProblem(
  opts: YamlParseOptions,
  reason: string,
  pos?: YamlPosition,
  cause?: unknown,
): ScoreComposeError {
  const problem = pos ? `line ${pos.line}, column ${pos.col}: ${reason}` : reason;
  const message = opts.describe ? opts.describe(problem) : `failed to decode '${opts.source}' as yaml: ${problem}`;
  return new ScoreComposeError(opts.code ?? 'input', message, {
    ...(opts.located === false ? {} : { location: { file: opts.source, ...(pos ?? {}) } }),
    cause,
  });
}

function failer(opts: YamlParseOptions): Fail {
  return (reason, pos, cause) => {
    throw yamlProblem(opts, reason, pos, cause);
  };
}

const TOO_DEEP = `the document is nested too deeply (more than ${MAX_NESTING} levels of maps and lists)`;

/**
 * Offset of the first map or list nested deeper than MAX_NESTING in the parsed tokens, or
 * undefined. The parser keeps its own stack, but composing the document recurses per level:
 * deeper texts are refused before that, so no stack overflow can happen (see MAX_NESTING).
 */
function tooDeepAt(tokens: readonly unknown[]): number | undefined {
  const stack: [unknown, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token === null || typeof token !== 'object') continue;
    const t = token as { type?: string; offset?: number } & Record<string, unknown>;
    const collection = t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
    const level = collection ? depth + 1 : depth;
    if (level > MAX_NESTING) return t.offset ?? 0;
    for (const key of ['items', 'key', 'value']) {
      const child = t[key];
      if (Array.isArray(child)) for (const c of child) stack.push([c, level]);
      else if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return undefined;
}

/**
 * The yaml package appends " at line N, column M:" and a code frame; positions are reported apart.
 * A stack overflow it caught while composing a deeply nested text is worded as what it means.
 */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  if (/Maximum call stack size exceeded/.test(line)) return TOO_DEEP;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/**
 * The length of the UTF-8 sequence lead byte `b` starts, and the range its second byte must be
 * in (which excludes overlong forms, surrogates and code points above U+10FFFF); 0 for no lead byte.
 */
function utf8Lead(b: number): [number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf];
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/** Byte offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [len, lo, hi] = utf8Lead(b);
    if (len === 0 || i + len > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/**
 * The text of `bytes`, which must be UTF-8: YAML is Unicode text, and a byte that is not would
 * otherwise become U+FFFD silently (in a password, say). The error points at the first bad byte.
 */
export function decodeUtf8(bytes: Uint8Array, opts: YamlParseOptions): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  const at = firstInvalidUtf8(buffer);
  const before = buffer.subarray(0, at).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  const pos = { line: before.split('\n').length, col: [...before.slice(lineStart)].length + 1 };
  const byte = buffer[at]!.toString(16).padStart(2, '0');
  throw yamlProblem(opts, `the text is not valid UTF-8 (byte 0x${byte})`, pos);
}

/** A document with no content (`---` alone, or only comments) decodes to an empty scalar. */
function isEmptyDocument(doc: Document): boolean {
  return doc.contents === null || (yaml().isScalar(doc.contents) && doc.contents.value === null);
}

/** A map or list used as a map key cannot be a field name (and JS would stringify it). */
function rejectComplexKeys(doc: Document, lineCounter: LineCounter, fail: Fail): void {
  yaml().visit(doc, {
    Pair(_, pair) {
      if (yaml().isCollection(pair.key)) {
        fail('a map key must be a plain value, not a map or a list', lineCounter.linePos(pair.key.range?.[0] ?? 0));
      }
    },
  });
}

/**
 * Offset of the first key that repeats an earlier key of its map, or undefined: the yaml
 * package's `uniqueKeys` check (same scalar value), in linear time. The package's own compares
 * each key with every earlier one, which made a map of 40,000 keys take seconds.
 */
function firstDuplicateKey(doc: Document): number | undefined {
  let first: number | undefined;
  yaml().visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        // The package never finds NaN equal to itself; an alias is compared as itself.
        if (!yaml().isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else if (first === undefined || (startOf(key) ?? 0) < first) first = startOf(key) ?? 0;
      }
    },
  });
  return first;
}

function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}

/** The alias named in an "Unresolved alias" error, found in the text to give its position. */
function aliasPosition(doc: Document, lineCounter: LineCounter, name: string): YamlPosition | undefined {
  let at: number | undefined;
  yaml().visit(doc, {
    Alias(_, node) {
      if (at === undefined && node.source === name) at = startOf(node);
    },
  });
  return at === undefined ? undefined : lineCounter.linePos(at);
}

function toValue(doc: Document, lineCounter: LineCounter, fail: Fail): unknown {
  rejectComplexKeys(doc, lineCounter, fail);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message);
    if (unresolved) {
      const name = unresolved[1] ?? '';
      fail(`alias *${name} has no anchor &${name} before it`, aliasPosition(doc, lineCounter, name), err);
    }
    if (err instanceof ReferenceError && /alias/i.test(message)) {
      fail(
        `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing to expand what looks like an alias bomb`,
        undefined,
        err,
      );
    }
    if (err instanceof RangeError) fail(TOO_DEEP, undefined, err);
    return fail(firstLine(message), lineCounter.linePos(0), err);
  }
}

function findPair(map: { items: Pair[] }, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    const k = pair?.key;
    if (pair !== undefined && yaml().isScalar(k) && (k.value === null ? 'null' : String(k.value)) === key) return pair;
  }
  return undefined;
}

/**
 * Source position of `path` in `doc`. A scalar value is reported at the value; a map or list
 * value, or a null one, at its key (the value starts on another line). When the path leaves
 * the document, the nearest existing parent is reported.
 */
function locateIn(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  atKey: boolean,
  inText?: { source: string; text: string },
): YamlPosition {
  const { isAlias, isCollection, isMap, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let best = startOf(node) ?? 0;
  let found = true;
  for (const [depth, seg] of path.entries()) {
    found = false;
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
    const wantKey =
      valueStart === undefined || isCollection(node) || isNullScalar || (atKey && depth === path.length - 1);
    const at = keyNode !== undefined && wantKey ? startOf(keyNode) : valueStart;
    if (at !== undefined) best = at;
    found = true;
  }
  if (found && inText !== undefined && isScalar(node) && node.range) {
    const index = inText.source.slice(node.range[0], node.range[1]).indexOf(inText.text);
    if (index !== -1) best = node.range[0] + index;
  }
  const pos = lineCounter.linePos(best);
  return { line: pos.line, col: pos.col };
}

/**
 * Parses YAML text with the tool's limits; every problem is a ScoreComposeError at its position.
 * Bytes (a file's content) are decoded strictly as UTF-8 first (decodeUtf8).
 */
export function parseYaml(input: string | Uint8Array, opts: YamlParseOptions): YamlDocument {
  if (input.length > MAX_YAML_BYTES) {
    failer(opts)(
      `the text is too large (${Math.round(input.length / 1024 / 1024)} MiB; the limit is ${MAX_YAML_BYTES / 1024 / 1024} MiB)`,
    );
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input, opts);
  // Positions are only needed for error messages: a full parse gives them when asked for.
  const quick = readBlockSubset(text);
  if (quick !== undefined) {
    let full: YamlDocument | undefined;
    return {
      value: quick.value,
      locate: (path, atKey, inner) => (full ??= parseFully(text, opts)).locate(path, atKey, inner),
    };
  }
  return parseFully(text, opts);
}

function parseFully(text: string, opts: YamlParseOptions): YamlDocument {
  const fail = failer(opts);
  const { Composer, LineCounter, Parser } = yaml();
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    // parseAllDocuments, in its steps, to check the nesting between parsing and composing.
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    const deep = tooDeepAt(tokens);
    if (deep !== undefined) fail(TOO_DEEP, lineCounter.linePos(deep));
    // Unique keys are checked below (firstDuplicateKey), in linear time.
    docs = Array.from(new Composer({ merge: true, uniqueKeys: false }).compose(tokens)) as Document[];
  } catch (err) {
    if (err instanceof ScoreComposeError) throw err;
    if (err instanceof RangeError) fail(TOO_DEEP, undefined, err);
    return fail(firstLine(err instanceof Error ? err.message : String(err)), undefined, err);
  }
  const index = docs.findIndex((d) => !isEmptyDocument(d));
  const chosen = index === -1 ? undefined : docs[index];
  const checked = opts.documents === 'one' || index === -1 ? docs : docs.slice(0, index + 1);
  for (const doc of checked) {
    const first = doc.errors[0];
    const duplicate = firstDuplicateKey(doc);
    if (first && (duplicate === undefined || first.pos[0] <= duplicate)) {
      const lp = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
      fail(firstLine(first.message), { line: lp.line, col: lp.col }, first);
    }
    if (duplicate !== undefined) fail('Map keys must be unique', lineCounter.linePos(duplicate));
  }
  if (opts.documents === 'one') {
    const second = docs.slice(index + 1).find((d) => !isEmptyDocument(d));
    if (chosen && second) {
      fail('expected one YAML document, found several', lineCounter.linePos(startOf(second.contents) ?? 0));
    }
  }
  const value = chosen ? toValue(chosen, lineCounter, fail) : null;
  return {
    value: value ?? null,
    locate: (path, atKey = false, inner?: string) =>
      chosen
        ? locateIn(chosen, lineCounter, path, atKey, inner ? { source: text, text: inner } : undefined)
        : undefined,
  };
}

/** The decoded value of a YAML text or file content (`null` when it holds no document). */
export function parseYamlValue(text: string | Uint8Array, opts: YamlParseOptions): unknown {
  return parseYaml(text, opts).value;
}

/**
 * YAML text of a value: block style, list items indented under their key, no line folding.
 * Map instances keep their insertion order (plain objects put integer-like keys first).
 */
export function stringifyYaml(value: unknown): string {
  return writeBlockSubset(value) ?? yaml().stringify(value, { indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}
