// Decodes a Score file's text into a plain value while keeping the YAML node tree, so that
// later stages can point their errors at `file:line:col`.
import { LineCounter, isCollection, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Document } from 'yaml';
import { ScoreComposeError } from '../common/errors.js';
import { locateInDocument } from './locate.js';
import type { SourcePosition } from './locate.js';
import { isRecord } from './problem.js';

/** A decoded YAML document and a way back from a value path to its source position. */
export interface ParsedYaml {
  value: unknown;
  /** Position of the value at `path` (of its key with `atKey`), or of its nearest existing parent. */
  locate(path: readonly (string | number)[], atKey?: boolean): { line: number; col: number } | undefined;
}

/** Upper bound on alias expansions; far above what a real Score file uses, far below a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

function decodeError(file: string, reason: string, pos?: SourcePosition, cause?: unknown): ScoreComposeError {
  const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
  return new ScoreComposeError('input', `failed to decode '${file}' as yaml: ${where}${reason}`, {
    location: { file, ...(pos ? { line: pos.line, col: pos.col } : {}) },
    cause,
  });
}

/** The yaml package appends " at line N, column M:" and a code frame; we report the position ourselves. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

function describeNonMap(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string \`${value.length > 40 ? `${value.slice(0, 40)}...` : value}\``;
  return `the ${typeof value} \`${String(value)}\``;
}

/** A document with no content (`---` alone, or only comments) decodes to an empty scalar. */
function isEmptyDocument(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}

/** A map or list used as a map key cannot be a Score field name (and JS would stringify it). */
function rejectComplexKeys(doc: Document, file: string, lineCounter: LineCounter): void {
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        const offset = pair.key.range?.[0] ?? 0;
        throw decodeError(file, 'a map key must be a plain value, not a map or a list', lineCounter.linePos(offset));
      }
    },
  });
}

function toValue(doc: Document, file: string, lineCounter: LineCounter): unknown {
  rejectComplexKeys(doc, file, lineCounter);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw decodeError(file, `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing to expand what looks like an alias bomb`, undefined, err);
    }
    if (err instanceof RangeError) throw decodeError(file, 'the document is nested too deeply', undefined, err);
    const pos = lineCounter.linePos(0);
    throw decodeError(file, err instanceof Error ? firstLine(err.message) : String(err), pos, err);
  }
}

/**
 * Parses `text` (the content of `file`) as YAML. Takes the first non-empty document, as a
 * file may start with comments and `---`. An empty document decodes to `{}` (the reference
 * then reports the missing metadata); any other non-map is an error.
 */
export function parseYamlDocument(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true }) as Document[];
  } catch (err) {
    if (err instanceof RangeError) throw decodeError(file, 'the document is nested too deeply', undefined, err);
    throw decodeError(file, err instanceof Error ? firstLine(err.message) : String(err), undefined, err);
  }
  // parseAllDocuments returns an empty list-like object for a stream without documents.
  const list = Array.isArray(docs) ? docs : [];
  const index = list.findIndex((d) => !isEmptyDocument(d));
  const chosen = index === -1 ? undefined : list[index];
  for (const doc of index === -1 ? list : list.slice(0, index + 1)) {
    const first = doc.errors[0];
    if (first) {
      const lp = first.linePos?.[0];
      throw decodeError(file, firstLine(first.message), lp ? { line: lp.line, col: lp.col } : undefined, first);
    }
  }
  const value = chosen ? toValue(chosen, file, lineCounter) : {};
  if (value !== null && !isRecord(value)) {
    const start = chosen?.contents?.range?.[0] ?? 0;
    const lp = lineCounter.linePos(start);
    throw decodeError(file, `the document must be a map of fields, found ${describeNonMap(value)}`, { line: lp.line, col: lp.col });
  }
  return {
    value: value ?? {},
    locate: (path, atKey) => (chosen ? locateInDocument(chosen, lineCounter, path, atKey) : undefined),
  };
}
