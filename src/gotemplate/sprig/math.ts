/** sprig's integer and float arithmetic (integers through cast.ToInt64, results int64; floats float64). */
import { formatValue } from '../format.js';
import { fn, GoCallError, vfn, type TemplateFunction } from '../function.js';
import { GoNumber, float64, type GoValue } from '../values.js';
import { toFloat64, toInt64 } from './cast.js';

const ANY = 'interface {}';
const i64 = (x: number): GoValue => new GoNumber('int64', x === 0 ? 0 : x);

function intDiv(a: number, b: number, what: 'div' | 'mod'): number {
  if (b === 0) throw new GoCallError('runtime error: integer divide by zero');
  return what === 'div' ? Math.trunc(a / b) : a % b;
}

/** Go's math.Round-free rounding of sprig's round (ceil at or above `roundOn`). */
function round(a: GoValue, p: GoValue, roundOn: number): number {
  const val = toFloat64(a);
  const pow = 10 ** toFloat64(p);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/**
 * A shopspring/decimal value: value × 10^exp. sprig's addf/subf/mulf/divf go through it: each
 * operand becomes the shortest decimal that reads back as the same float64 (NewFromFloat), the
 * arithmetic is exact (division: 16 digits after the point, half away from zero), and the result is
 * the float64 nearest to it. So `addf 0.1 0.2` is 0.3, where float64 addition gives 0.30000000000000004.
 */
interface Decimal {
  readonly value: bigint;
  readonly exp: number;
}

/** decimal.NewFromFloat (it panics on NaN and infinities; a panic in a function is its error). */
function decimalOf(x: number): Decimal {
  if (!Number.isFinite(x)) throw new GoCallError(`Cannot create a Decimal from ${formatValue(float64(x))}`);
  if (x === 0) return { value: 0n, exp: 0 };
  // toExponential() gives the shortest digits that round-trip, as Go's strconv does.
  const [mant = '', e = '0'] = x.toExponential().split('e');
  const digits = mant.replace('.', '');
  const fracDigits = (mant.split('.')[1] ?? '').length;
  return { value: BigInt(digits), exp: Number(e) - fracDigits };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Both operands over their smaller exponent. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.value * pow10(a.exp - exp), b.value * pow10(b.exp - exp), exp];
}

const DIVISION_PRECISION = 16;

/** Decimal.Div: DivRound to DivisionPrecision (16) places, half away from zero. */
function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.value === 0n) throw new GoCallError('decimal division by 0');
  const e = a.exp - b.exp + DIVISION_PRECISION;
  const num = e >= 0 ? a.value * pow10(e) : a.value;
  const den = e >= 0 ? b.value : b.value * pow10(-e);
  let q = num / den;
  const r = num - q * den;
  const abs = (n: bigint): bigint => (n < 0n ? -n : n);
  if (2n * abs(r) >= abs(den)) q += a.value < 0n !== b.value < 0n ? -1n : 1n;
  return { value: q, exp: -DIVISION_PRECISION };
}

const DECIMAL_OPS = {
  add: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, exp] = aligned(a, b);
    return { value: x + y, exp };
  },
  sub: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, exp] = aligned(a, b);
    return { value: x - y, exp };
  },
  mul: (a: Decimal, b: Decimal): Decimal => ({ value: a.value * b.value, exp: a.exp + b.exp }),
  div: decimalDiv,
};

/** sprig's execDecimalOp: folds the operands with `op`; Decimal.Float64 gives the nearest float64. */
function decimalFold(first: GoValue, rest: GoValue[], op: keyof typeof DECIMAL_OPS): GoValue {
  let acc = decimalOf(toFloat64(first));
  for (const x of rest) acc = DECIMAL_OPS[op](acc, decimalOf(toFloat64(x)));
  // Number() of a decimal string is correctly rounded, as big.Rat's Float64 is.
  return float64(Number(`${acc.value}e${acc.exp}`));
}

export const MATH_FUNCS: [string, TemplateFunction][] = [
  ['add1', fn([ANY], (a) => i64(toInt64(a) + 1))],
  ['add', vfn([], ANY, (...v) => i64(v.reduce<number>((s, x) => s + toInt64(x), 0)))],
  ['sub', fn([ANY, ANY], (a, b) => i64(toInt64(a) - toInt64(b)))],
  ['div', fn([ANY, ANY], (a, b) => i64(intDiv(toInt64(a), toInt64(b), 'div')))],
  ['mod', fn([ANY, ANY], (a, b) => i64(intDiv(toInt64(a), toInt64(b), 'mod')))],
  ['mul', vfn([ANY], ANY, (a, ...v) => i64(v.reduce<number>((s, x) => s * toInt64(x), toInt64(a))))],
  ['max', vfn([ANY], ANY, (a, ...v) => i64(v.reduce<number>((m, x) => Math.max(m, toInt64(x)), toInt64(a))))],
  ['biggest', vfn([ANY], ANY, (a, ...v) => i64(v.reduce<number>((m, x) => Math.max(m, toInt64(x)), toInt64(a))))],
  ['min', vfn([ANY], ANY, (a, ...v) => i64(v.reduce<number>((m, x) => Math.min(m, toInt64(x)), toInt64(a))))],
  ['maxf', vfn([ANY], ANY, (a, ...v) => float64(v.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a))))],
  ['minf', vfn([ANY], ANY, (a, ...v) => float64(v.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a))))],
  ['addf', vfn([], ANY, (...v) => decimalFold(float64(0), v, 'add'))],
  ['add1f', fn([ANY], (a) => decimalFold(a, [1], 'add'))],
  ['subf', vfn([ANY], ANY, (a, ...v) => decimalFold(a, v, 'sub'))],
  ['mulf', vfn([ANY], ANY, (a, ...v) => decimalFold(a, v, 'mul'))],
  ['divf', vfn([ANY], ANY, (a, ...v) => decimalFold(a, v, 'div'))],
  ['floor', fn([ANY], (a) => float64(Math.floor(toFloat64(a))))],
  ['ceil', fn([ANY], (a) => float64(Math.ceil(toFloat64(a))))],
  ['round', vfn([ANY, 'int'], 'float64', (a, p, ...r) => float64(round(a, p, r.length > 0 ? toFloat64(r[0]) : 0.5)))],
  ['int64', fn([ANY], (a) => i64(toInt64(a)))],
  ['int', fn([ANY], (a) => toInt64(a))],
  ['float64', fn([ANY], (a) => float64(toFloat64(a)))],
  [
    'toDecimal',
    fn([ANY], (a) => {
      const s = typeof a === 'string' ? a : String(typeof a === 'number' ? a : toInt64(a));
      return i64(/^[+-]?[0-7]+$/.test(s) ? parseInt(s, 8) : 0);
    }),
  ],
];
