/** sprig's string functions. */
import { sprintf } from '../format.js';
import { fn, GoCallError, vfn, type TemplateFunction } from '../function.js';
import { quoteGo } from '../quote.js';
import { GoMap, type GoNumber, GoSlice, newStringList, type GoValue } from '../values.js';
import { goBytesToString, parseIntBase0, strval } from './cast.js';

const S = 'string';
const I = 'int';
const ANY = 'interface {}';

const str = (v: GoValue): string => v as string;
const int = (v: GoValue): number => (typeof v === 'number' ? v : (v as GoNumber).value);

/** Go slices strings by UTF-8 bytes. */
function byteSlice(s: string, from: number, to?: number): string {
  const b = Buffer.from(s, 'utf8');
  const end = to ?? b.length;
  if (from < 0 || end > b.length || from > end) {
    throw new GoCallError(`runtime error: slice bounds out of range [${from}:${end}] with length ${b.length}`);
  }
  return b.subarray(from, end).toString('utf8');
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** unicode.ToUpper/ToLower per rune (a rune whose case mapping is several runes stays as it is). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

const upper = (s: string): string => mapRunes(s, (c) => c.toUpperCase());
const lower = (s: string): string => mapRunes(s, (c) => c.toLowerCase());

/** strings.Title: the first letter of each word upper-cased. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const sep = !/[\p{L}\p{N}_]/u.test(prev) && (prev.charCodeAt(0) < 0x80 || /\s/u.test(prev));
    out += sep ? upper(ch) : ch;
    prev = ch;
  }
  return out;
}

/** strings.Trim with a cutset of runes. */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(cutset);
  const runes = [...s];
  let a = 0;
  let b = runes.length;
  while (a < b && set.has(runes[a] ?? '')) a++;
  while (b > a && set.has(runes[b - 1] ?? '')) b--;
  return runes.slice(a, b).join('');
}

/** strings.TrimSpace (Unicode white space). */
function trimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

function strslice(v: GoValue): string[] {
  if (v instanceof GoSlice) {
    if (v.elem === 'string') return (v.items ?? []) as string[];
    return (v.items ?? []).filter((e) => e !== null && e !== undefined).map(strval);
  }
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function splitMap(parts: string[]): GoMap {
  return new GoMap('map[string]string', 'string', new Map(parts.map((p, i) => [`_${i}`, p])));
}

/** strings.Split (an empty separator splits into runes). */
function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

export const STRING_FUNCS: [string, TemplateFunction][] = [
  ['trim', fn([S], (s) => trimSpace(str(s)))],
  ['upper', fn([S], (s) => upper(str(s)))],
  ['lower', fn([S], (s) => lower(str(s)))],
  ['title', fn([S], (s) => title(str(s)))],
  ['untitle', fn([S], (s) => (str(s) === '' ? '' : lower([...str(s)][0] ?? '') + [...str(s)].slice(1).join('')))],
  [
    'substr',
    fn([I, I, S], (a, b, s) => {
      const start = int(a);
      const end = int(b);
      const t = str(s);
      if (start < 0) return byteSlice(t, 0, end);
      if (end < 0 || end > byteLength(t)) return byteSlice(t, start);
      return byteSlice(t, start, end);
    }),
  ],
  [
    'repeat',
    fn([I, S], (n, s) => {
      if (int(n) < 0) throw new GoCallError('strings: negative Repeat count');
      return str(s).repeat(int(n));
    }),
  ],
  ['trimall', fn([S, S], (a, b) => trimCutset(str(b), str(a)))],
  ['trimAll', fn([S, S], (a, b) => trimCutset(str(b), str(a)))],
  [
    'trimSuffix',
    fn([S, S], (a, b) => (str(b).endsWith(str(a)) ? str(b).slice(0, str(b).length - str(a).length) : str(b))),
  ],
  ['trimPrefix', fn([S, S], (a, b) => (str(b).startsWith(str(a)) ? str(b).slice(str(a).length) : str(b)))],
  ['nospace', fn([S], (s) => str(s).replace(/\s/gu, ''))],
  ['contains', fn([S, S], (a, b) => str(b).includes(str(a)))],
  ['hasPrefix', fn([S, S], (a, b) => str(b).startsWith(str(a)))],
  ['hasSuffix', fn([S, S], (a, b) => str(b).endsWith(str(a)))],
  [
    'quote',
    vfn([], ANY, (...a) =>
      a
        .filter((v) => v !== null && v !== undefined)
        .map((v) => quoteGo(strval(v), false))
        .join(' '),
    ),
  ],
  [
    'squote',
    vfn([], ANY, (...a) =>
      a
        .filter((v) => v !== null && v !== undefined)
        .map((v) => sprintf("'%v'", [v]))
        .join(' '),
    ),
  ],
  [
    'cat',
    vfn([], ANY, (...a) => {
      const v = a.filter((x) => x !== null && x !== undefined);
      return sprintf('%v '.repeat(v.length).trim(), v);
    }),
  ],
  ['indent', fn([I, S], (n, s) => indent(int(n), str(s)))],
  ['nindent', fn([I, S], (n, s) => `\n${indent(int(n), str(s))}`)],
  ['replace', fn([S, S, S], (o, n, s) => goReplaceAll(str(s), str(o), str(n)))],
  ['plural', fn([S, S, I], (one, many, n) => (int(n) === 1 ? one : many))],
  ['toString', fn([ANY], (v) => strval(v))],
  [
    'atoi',
    fn([S], (s) => (/^[+-]?\d+$/.test(str(s)) ? (parseIntBase0(str(s).replace(/^([+-]?)0+(?=\d)/, '$1')) ?? 0) : 0)),
  ],
  [
    'trunc',
    fn([I, S], (c, s) => {
      const n = int(c);
      const t = str(s);
      const len = byteLength(t);
      if (n < 0 && len + n > 0) return byteSlice(t, len + n);
      if (n >= 0 && len > n) return byteSlice(t, 0, n);
      return t;
    }),
  ],
  ['join', fn([S, ANY], (sep, v) => strslice(v).join(str(sep)))],
  ['split', fn([S, S], (sep, s) => splitMap(goSplit(str(s), str(sep))))],
  ['splitn', fn([S, I, S], (sep, n, s) => splitMap(goSplit(str(s), str(sep), int(n))))],
  ['splitList', fn([S, S], (sep, s) => newStringList(goSplit(str(s), str(sep))))],
  ['toStrings', fn([ANY], (v) => newStringList(strslice(v)))],
  [
    'sortAlpha',
    fn([ANY], (v) => newStringList(v instanceof GoSlice ? [...strslice(v)].sort(compareBytes) : [strval(v)])),
  ],
  [
    'initials',
    fn([S], (s) =>
      trimSpace(str(s))
        .split(/\s+/u)
        .filter((w) => w !== '')
        .map((w) => [...w][0])
        .join(''),
    ),
  ],
  ['hello', fn([], () => 'Hello!')],
  ['abbrev', fn([I, S], (w, s) => abbrev(int(w), str(s)))],
  ['abbrevboth', fn([I, I, S], (l, r, s) => abbrevboth(int(l), int(r), str(s)))],
  ['wrap', fn([I, S], (l, s) => wrapCustom(str(s), int(l), '', false))],
  ['wrapWith', fn([I, S, S], (l, sep, s) => wrapCustom(str(s), int(l), str(sep), true))],
  ['swapcase', fn([S], (s) => mapRunes(str(s), (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())))],
];

function indent(n: number, s: string): string {
  if (n < 0) throw new GoCallError('strings: negative Repeat count');
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join(`\n${pad}`);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** strings.Replace(s, old, new, -1): an empty `old` inserts `new` around every rune. */
function goReplaceAll(s: string, old: string, repl: string): string {
  if (old === '') return [...s].map((c) => repl + c).join('') + repl;
  return s.split(old).join(repl);
}

/** The UTF-8 bytes of a string as a byte string (one UTF-16 unit per byte), for Go's byte-indexed slicing. */
const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const fromBytes = (b: string): string => goBytesToString(Buffer.from(b, 'latin1'));

/** goutils.AbbreviateFull on bytes (the callers have checked the widths, so it does not fail). */
function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '' || s.length <= maxWidth) return s;
  let off = Math.min(offset, s.length);
  if (s.length - off < maxWidth - 3) off = s.length - (maxWidth - 3);
  if (off <= 4) return `${s.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (off + maxWidth - 3 < s.length) return `...${abbreviateFull(s.slice(off), 0, maxWidth - 3)}`;
  return `...${s.slice(s.length - (maxWidth - 3))}`;
}

/** sprig's abbrev: widths below 4 leave the string as it is. */
function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return fromBytes(abbreviateFull(toBytes(s), 0, width));
}

/** sprig's abbrevboth. */
function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return fromBytes(abbreviateFull(toBytes(s), left, right));
}

/** goutils.WrapCustom on bytes: words are separated by ' ' only. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const s = toBytes(str);
  const nl = toBytes(newLine === '' ? '\n' : newLine);
  const width = Math.max(wrapLength, 1);
  let out = '';
  let offset = 0;
  while (s.length - offset > width) {
    if (s[offset] === ' ') {
      offset++;
      continue;
    }
    const space = s.slice(offset, width + offset + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += s.slice(offset, offset + space) + nl;
      offset += space + 1;
    } else if (wrapLongWords) {
      out += s.slice(offset, offset + width) + nl;
      offset += width;
    } else {
      const next = s.indexOf(' ', offset + width);
      if (next === -1) {
        out += s.slice(offset);
        offset = s.length;
      } else {
        out += s.slice(offset, next) + nl;
        offset = next + 1;
      }
    }
  }
  return fromBytes(out + s.slice(offset));
}
