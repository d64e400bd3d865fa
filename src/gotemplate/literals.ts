/**
 * Go literals as text/template reads them: strconv.Unquote for "..." `...` and '.' and the number
 * rules of parse.NumberNode (ParseUint/ParseInt with base prefixes and underscores, then ParseFloat).
 */
import type { NumberNode } from './nodes.js';

/** strconv.Unquote of a Go string or character literal; throws `invalid syntax` as Go does. */
export function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new SyntaxError('invalid syntax');
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError('invalid syntax');
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new SyntaxError('invalid syntax');
  const bytes: number[] = [];
  let runes = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    if (c === q || (q === "'" && c === '\n') || c === '\n') throw new SyntaxError('invalid syntax');
    if (c !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      runes++;
      continue;
    }
    const e = body[i + 1] ?? '';
    i += 2;
    runes++;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
    if (e in simple) {
      bytes.push(simple[e] ?? 0);
    } else if (e === q) {
      bytes.push(e.charCodeAt(0));
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new SyntaxError('invalid syntax');
      i += n;
      const v = parseInt(hex, 16);
      if (e === 'x') {
        if (q === "'") bytes.push(...Buffer.from(String.fromCodePoint(v), 'utf8'));
        else bytes.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new SyntaxError('invalid syntax');
        bytes.push(...Buffer.from(String.fromCodePoint(v), 'utf8'));
      }
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxError('invalid syntax');
      const v = parseInt(oct, 8);
      if (v > 255) throw new SyntaxError('invalid syntax');
      i += 2;
      if (q === "'") bytes.push(...Buffer.from(String.fromCodePoint(v), 'utf8'));
      else bytes.push(v);
    } else {
      throw new SyntaxError('invalid syntax');
    }
  }
  if (q === "'" && runes !== 1) throw new SyntaxError('invalid syntax');
  return Buffer.from(bytes).toString('utf8');
}

/** Digits with Go's underscore rule: `_` only between digits or right after a base prefix. */
function digitsOk(digits: string, prefixed: boolean): boolean {
  if (digits === '') return false;
  if (digits.endsWith('_') || digits.includes('__')) return false;
  if (digits.startsWith('_') && !prefixed) return false;
  return true;
}

/** strconv.ParseInt/ParseUint(text, 0, 64) without the range check: the value, or undefined. */
function parseGoInteger(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let prefixed = false;
  if (/^0[xX]/.test(s)) [base, s, prefixed] = [16, s.slice(2), true];
  else if (/^0[oO]/.test(s)) [base, s, prefixed] = [8, s.slice(2), true];
  else if (/^0[bB]/.test(s)) [base, s, prefixed] = [2, s.slice(2), true];
  else if (s.length > 1 && s.startsWith('0')) [base, s, prefixed] = [8, s.slice(1), true];
  if (s.includes('_') && !digitsOk(s, prefixed)) return undefined;
  const clean = s.replace(/_/g, '');
  const valid = { 16: /^[0-9a-fA-F]+$/, 10: /^[0-9]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[base];
  if (!valid?.test(clean)) return undefined;
  const prefix = { 16: '0x', 10: '', 8: '0o', 2: '0b' }[base] ?? '';
  const v = BigInt(prefix + clean);
  return neg ? -v : v;
}

/** strconv.ParseFloat(text, 64) for the forms the lexer produces: the value, or undefined. */
function parseGoFloat(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (/^0[xX]/.test(s)) {
    const m = /^0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s);
    if (!m) return undefined;
    const intPart = (m[1] ?? '').replace(/_/g, '');
    const frac = (m[2] ?? '').replace(/_/g, '');
    if (intPart === '' && frac === '') return undefined;
    const mant = parseInt(intPart || '0', 16) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0);
    const v = sign * mant * 2 ** parseInt((m[3] ?? '0').replace(/_/g, ''), 10);
    return Number.isFinite(v) ? v : undefined;
  }
  if (s.includes('_')) {
    // underscores only between digits
    if (/(^|[^0-9])_|_($|[^0-9])/.test(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return undefined;
  const v = sign * Number(s);
  return Number.isFinite(v) ? v : undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** parse.newNumber for a number or character constant; throws with Go's message. */
export function parseNumber(pos: number, text: string, isChar: boolean): NumberNode {
  if (isChar) {
    let rune: string;
    try {
      rune = unquote(text);
    } catch {
      throw new SyntaxError(`malformed character constant: ${text}`);
    }
    const v = rune.codePointAt(0) ?? 0;
    return { kind: 'number', pos, text, isInt: true, isUint: true, isFloat: true, int: v, float: v };
  }
  if (text.endsWith('i')) throw new SyntaxError(`complex constants are not supported: ${text}`);
  let isInt = false;
  let isUint = false;
  let isFloat = false;
  let int = 0;
  let float = 0;
  const big = parseGoInteger(text);
  if (big !== undefined) {
    if (big >= 0n && big <= UINT64_MAX && !text.startsWith('-') && !text.startsWith('+')) isUint = true;
    if (big >= INT64_MIN && big <= INT64_MAX) {
      isInt = true;
      if (big === 0n) isUint = true;
    }
    if (isInt || isUint) {
      int = Number(big);
      isFloat = true;
      float = Number(big);
    }
  }
  if (!isInt && !isUint) {
    const f = parseGoFloat(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) throw new SyntaxError(`integer overflow: ${JSON.stringify(text)}`);
      isFloat = true;
      float = f;
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        isInt = true;
        int = f;
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) isUint = true;
    }
  }
  if (!isInt && !isUint && !isFloat) throw new SyntaxError(`illegal number syntax: ${JSON.stringify(text)}`);
  return { kind: 'number', pos, text, isInt, isUint, isFloat, int, float };
}
