/** sprig's conversions (spf13/cast and strval): how an interface{} argument becomes a string or a number. */
import { isUtf8 } from 'node:buffer';
import { formatValue } from '../format.js';
import { formatTime } from '../time-format.js';
import { type GoNumber, GoTime, isFloatKind, isIntKind, isUintKind, kindOf, type GoValue } from '../values.js';

/** sprig's strval: a string as is, a time as its String(), anything else as `%v`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoTime) return formatTime(v);
  if (v === null || v === undefined) return '<nil>';
  return formatValue(v);
}

/** cast's trimZeroDecimal: "12.00" → "12". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64): base prefixes, a sign, underscores after a prefix; undefined when invalid. */
export function parseIntBase0(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2] ?? '';
  if (/__|_$/.test(body)) return undefined;
  body = body.replace(/_/g, '');
  let big: bigint;
  if (/^0[0-7]+$/.test(body)) big = BigInt(`0o${body.slice(1)}`);
  else
    big = BigInt(
      body
        .replace(/^0[oO]/, '0o')
        .replace(/^0[bB]/, '0b')
        .replace(/^0[xX]/, '0x'),
    );
  if (m[1] === '-') big = -big;
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) return undefined;
  return Number(big);
}

/** cast.ToInt64 (errors give 0). */
export function toInt64(v: GoValue): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseIntBase0(trimZeroDecimal(v)) ?? 0;
  const k = kindOf(v);
  if (isIntKind(k) || isUintKind(k)) return typeof v === 'number' ? v : (v as GoNumber).value;
  if (isFloatKind(k)) {
    const f = typeof v === 'number' ? v : (v as GoNumber).value;
    // Go converts an out-of-range float to int64 as amd64 does: the minimum int64.
    return Math.abs(f) < 2 ** 63 ? Math.trunc(f) : -(2 ** 63);
  }
  return 0;
}

/** cast.ToFloat64 (errors give 0). */
/**
 * Go's hexadecimal floating-point form, as strconv.ParseFloat reads it (`0x1p+01`, `-0X1.8P3`,
 * `0x_1p0`: the `p` exponent is required, `_` may separate digits): what `printf "%x"` makes of a
 * float. Undefined for anything else.
 */
function hexFloat(t: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(t);
  if (m === null) return undefined;
  const whole = m[2]!.replace(/_/g, '');
  const frac = (m[3] ?? '').replace(/_/g, '');
  if (whole === '' && frac === '') return undefined;
  const mantissa = BigInt(`0x${whole}${frac}` === '0x' ? '0' : `0x${whole}${frac}`);
  const exponent = Number(m[4]!.replace(/_/g, '')) - 4 * frac.length;
  const value = Number(mantissa) * 2 ** exponent;
  return m[1] === '-' ? -value : value;
}

export function toFloat64(v: GoValue): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim() === v ? v : '';
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
    const hex = hexFloat(t);
    if (hex !== undefined) return hex;
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(t)) return NaN;
    return 0;
  }
  const k = kindOf(v);
  if (isIntKind(k) || isUintKind(k) || isFloatKind(k)) return typeof v === 'number' ? v : (v as GoNumber).value;
  return 0;
}

/**
 * Bytes as a Go string is read rune by rune: valid UTF-8 as is, each byte of an invalid sequence one
 * U+FFFD (utf8.DecodeRune's width-1 RuneError; Node's decoder would merge a cut sequence into one).
 */
export function goBytesToString(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const seq = buf.subarray(i, i + n);
    if (n > 0 && seq.length === n && isUtf8(seq)) {
      out += seq.toString('utf8');
      i += n;
    } else {
      out += '\uFFFD';
      i++;
    }
  }
  return out;
}
