/**
 * strconv.FormatFloat for 64-bit floats in the 'e', 'f' and 'g' formats: shortest digits (precision
 * -1) or exactly rounded ones (half to even on the exact binary value, as Go rounds; JavaScript's
 * toFixed rounds ties away from zero).
 */

interface Digits {
  /** decimal digits without leading or trailing zeros ('' for zero) */
  readonly d: string;
  /** decimal point position: value = 0.d × 10^dp */
  readonly dp: number;
}

/** The shortest digits that read back as `x` (x finite, ≥ 0). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [mant = '', exp = '0'] = x.toExponential().split('e');
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

/** All the digits of `x` (x finite, ≥ 0): a double is m × 2^e, which has a finite decimal expansion. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (biasedExp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = biasedExp - 1075;
  }
  let s: string;
  let dp: number;
  if (e >= 0) {
    s = (mant << BigInt(e)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e)).toString();
    dp = s.length - -e;
  }
  const lead = s.length - s.replace(/^0+/, '').length;
  s = s.slice(lead);
  dp -= lead;
  return { d: s.replace(/0+$/, ''), dp };
}

/** Rounds digits to `nd` significant digits, half to even. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < x.d.length) up = true;
  else up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ''), dp: x.dp };
  const digits = x.d.slice(0, nd).split('').map(Number);
  let i = nd - 1;
  while (i >= 0 && digits[i] === 9) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  digits[i] = (digits[i] ?? 0) + 1;
  return { d: digits.slice(0, i + 1).join(''), dp: x.dp };
}

function fmtE(neg: boolean, x: Digits, prec: number, e: 'e' | 'E'): string {
  let s = neg ? '-' : '';
  s += x.d[0] ?? '0';
  if (prec > 0) {
    s += '.';
    const frac = x.d.slice(1, prec + 1);
    s += frac + '0'.repeat(prec - frac.length);
  }
  const exp = x.d === '' ? 0 : x.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (x.dp > 0) {
    const intPart = x.d.slice(0, x.dp);
    s += intPart + '0'.repeat(x.dp - intPart.length);
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const j = x.dp + i;
      s += j < 0 || j >= x.d.length ? '0' : x.d[j];
    }
  }
  return s;
}

/** The 'x' format: -0x1.yyyyp±dd (hexadecimal mantissa, binary exponent). */
function fmtX(neg: boolean, abs: number, prec: number, upper: boolean): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  exp -= 1023;
  if (mant === 0n) exp = 0;
  const ONE = 1n << 60n;
  mant <<= 8n;
  while (mant !== 0n && (mant & ONE) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (ONE - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = `${neg ? '-' : ''}0${upper ? 'X' : 'x'}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const digit = (): string => {
    const d = hex[Number((mant >> 60n) & 15n)] ?? '0';
    mant = (mant << 4n) & ((1n << 64n) - 1n);
    return d;
  };
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) s += digit();
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digit();
  }
  const e = Math.abs(exp);
  return `${s}${upper ? 'P' : 'p'}${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
}

/** strconv.FormatFloat(x, fmt, prec, 64). */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G' | 'x' | 'X', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (fmt === 'x' || fmt === 'X') return fmtX(neg, abs, prec, fmt === 'X');
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else if (fmt === 'e' || fmt === 'E') {
    digs = roundDigits(exactDigits(abs), prec + 1);
  } else if (fmt === 'f') {
    const exact = exactDigits(abs);
    digs = roundDigits(exact, exact.dp + prec);
  } else {
    if (prec === 0) prec = 1;
    digs = roundDigits(exactDigits(abs), prec);
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (digs.d !== '' && (exp < -4 || exp >= eprec)) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}
