/** sprig's integer and float arithmetic (integers through cast.ToInt64, results int64; floats float64). */
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
