/** encoding/json as sprig's toJson family uses it: Go's key order, number and string formatting. */
import { formatFloat } from '../float-format.js';
import { GoCallError } from '../function.js';
import { formatGoTime } from '../time-format.js';
import {
  GoFunc,
  GoMap,
  GoNumber,
  GoSlice,
  GoStruct,
  GoTime,
  float64,
  isFloatKind,
  kindOf,
  newList,
  newMap,
  sortedEntries,
  type GoValue,
} from '../values.js';

function quoteJson(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else if (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) out += `\\u00${c.toString(16)}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function floatJson(f: number): string {
  if (!Number.isFinite(f)) throw new GoCallError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  const fmt = abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
  let s = formatFloat(f, fmt === 'e' ? 'e' : 'f', -1);
  if (fmt === 'e') s = s.replace(/e([+-])0(\d)$/, 'e$1$2');
  return s;
}

/** json.Marshal (or MarshalIndent with `indent`); throws GoCallError for values JSON cannot hold. */
export function marshalJson(v: GoValue, escapeHtml: boolean, indent = '', depth = 0): string {
  const nl = indent === '' ? '' : `\n${indent.repeat(depth + 1)}`;
  const close = indent === '' ? '' : `\n${indent.repeat(depth)}`;
  const colon = indent === '' ? ':' : ': ';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJson(v, escapeHtml);
  if (typeof v === 'number' || v instanceof GoNumber) {
    const n = typeof v === 'number' ? v : v.value;
    return isFloatKind(kindOf(v)) ? floatJson(n) : String(n);
  }
  if (v instanceof GoMap) {
    if (v.entries === null) return 'null';
    const parts = sortedEntries(v).map(
      ([k, e]) => `${nl}${quoteJson(k, escapeHtml)}${colon}${marshalJson(e, escapeHtml, indent, depth + 1)}`,
    );
    return parts.length === 0 ? '{}' : `{${parts.join(',')}${close}}`;
  }
  if (v instanceof GoSlice) {
    if (v.items === null) return 'null';
    const parts = v.items.map((e) => `${nl}${marshalJson(e, escapeHtml, indent, depth + 1)}`);
    return parts.length === 0 ? '[]' : `[${parts.join(',')}${close}]`;
  }
  if (v instanceof GoStruct) {
    if (v.stringer) return quoteJson(v.stringer(), escapeHtml);
    const parts = [...v.fields].map(
      ([k, fld]) => `${nl}${quoteJson(k, escapeHtml)}${colon}${marshalJson(fld.value, escapeHtml, indent, depth + 1)}`,
    );
    return parts.length === 0 ? '{}' : `{${parts.join(',')}${close}}`;
  }
  if (v instanceof GoTime) return quoteJson(formatGoTime(v, '2006-01-02T15:04:05.999999999Z07:00'), escapeHtml);
  if (v instanceof GoFunc) throw new GoCallError(`json: unsupported type: ${v.type}`);
  return 'null';
}

/** json.Unmarshal into interface{}: every number is a float64. */
export function unmarshalJson(text: string): GoValue {
  const convert = (x: unknown): GoValue => {
    if (x === null) return null;
    if (typeof x === 'number') return float64(x);
    if (typeof x === 'string' || typeof x === 'boolean') return x;
    if (Array.isArray(x)) return newList(x.map(convert));
    return newMap(new Map(Object.entries(x as object).map(([k, e]) => [k, convert(e)])));
  };
  try {
    return convert(JSON.parse(text));
  } catch (e) {
    throw new GoCallError((e as Error).message);
  }
}
