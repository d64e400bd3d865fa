// The ONLY module that imports the `yaml` package. Every YAML text the tool reads (Score files,
// state, provisioner files, template output, flag values, compose files) goes through
// parseYaml, with one set of limits; everything it writes goes through stringifyYaml, with one
// set of options. Errors are ScoreComposeErrors that carry `file:line:col`.
//
// Most texts are in the plain block style that block-subset.ts reads and writes itself, to the
// same values and text, much faster than the package, which is loaded only when a text needs it.
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { Document, LineCounter, Pair } from 'yaml';
import { ScoreComposeError, type ErrorCode } from '../common/errors.js';
import { readBlockSubset, writeBlockSubset } from './block-subset.js';

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

/** The yaml package appends " at line N, column M:" and a code frame; positions are reported apart. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
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
    if (err instanceof RangeError) fail('the document is nested too deeply', undefined, err);
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

/** Parses YAML text with the tool's limits; every problem is a ScoreComposeError at its position. */
export function parseYaml(text: string, opts: YamlParseOptions): YamlDocument {
  if (text.length > MAX_YAML_BYTES) {
    failer(opts)(
      `the text is too large (${Math.round(text.length / 1024 / 1024)} MiB; the limit is ${MAX_YAML_BYTES / 1024 / 1024} MiB)`,
    );
  }
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
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
    // parseAllDocuments returns an empty list-like object for a stream without documents.
    docs = Array.isArray(parsed) ? (parsed as Document[]) : [];
  } catch (err) {
    if (err instanceof RangeError) fail('the document is nested too deeply', undefined, err);
    return fail(firstLine(err instanceof Error ? err.message : String(err)), undefined, err);
  }
  const index = docs.findIndex((d) => !isEmptyDocument(d));
  const chosen = index === -1 ? undefined : docs[index];
  const checked = opts.documents === 'one' || index === -1 ? docs : docs.slice(0, index + 1);
  for (const doc of checked) {
    const first = doc.errors[0];
    if (first) {
      const lp = first.linePos?.[0];
      fail(firstLine(first.message), lp ? { line: lp.line, col: lp.col } : undefined, first);
    }
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

/** The decoded value of a YAML text (`null` when it holds no document). */
export function parseYamlValue(text: string, opts: YamlParseOptions): unknown {
  return parseYaml(text, opts).value;
}

/**
 * YAML text of a value: block style, list items indented under their key, no line folding.
 * Map instances keep their insertion order (plain objects put integer-like keys first).
 */
export function stringifyYaml(value: unknown): string {
  return writeBlockSubset(value) ?? yaml().stringify(value, { indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}
