/** sprig's list functions (they take any slice through reflection and return []interface{}). */
import { fn, GoCallError, vfn, type TemplateFunction } from '../function.js';
import { type GoNumber, GoSlice, kindOf, newList, type GoValue } from '../values.js';
import { toInt64 } from './cast.js';
import { deepEqual, isEmpty } from './defaults.js';

const ANY = 'interface {}';

/** The items of a slice argument, or sprig's "Cannot <what> on type <kind>" error (a panic for nil). */
function items(list: GoValue, what: string): GoValue[] {
  if (list instanceof GoSlice) return list.items ?? [];
  if (list === null || list === undefined) {
    throw new GoCallError('runtime error: invalid memory address or nil pointer dereference');
  }
  throw new GoCallError(`${what} ${kindOf(list)}`);
}

const nilList = (): GoSlice => new GoSlice('[]interface {}', ANY, null);

export const LIST_FUNCS: [string, TemplateFunction][] = [
  ['list', vfn([], ANY, (...v) => newList(v))],
  ['tuple', vfn([], ANY, (...v) => newList(v))],
  ['append', fn([ANY, ANY], (l, v) => newList([...items(l, 'Cannot push on type'), v]))],
  ['push', fn([ANY, ANY], (l, v) => newList([...items(l, 'Cannot push on type'), v]))],
  ['prepend', fn([ANY, ANY], (l, v) => newList([v, ...items(l, 'Cannot prepend on type')]))],
  ['first', fn([ANY], (l) => items(l, 'Cannot find first on type')[0] ?? null)],
  [
    'last',
    fn([ANY], (l) => {
      const xs = items(l, 'Cannot find last on type');
      return xs.length === 0 ? null : xs[xs.length - 1];
    }),
  ],
  [
    'rest',
    fn([ANY], (l) => {
      const xs = items(l, 'Cannot find rest on type');
      return xs.length === 0 ? nilList() : newList(xs.slice(1));
    }),
  ],
  [
    'initial',
    fn([ANY], (l) => {
      const xs = items(l, 'Cannot find initial on type');
      return xs.length === 0 ? nilList() : newList(xs.slice(0, -1));
    }),
  ],
  ['reverse', fn([ANY], (l) => newList([...items(l, 'Cannot find reverse on type')].reverse()))],
  ['compact', fn([ANY], (l) => newList(items(l, 'Cannot compact on type').filter((x) => !isEmpty(x))))],
  [
    'uniq',
    fn([ANY], (l) => {
      const out: GoValue[] = [];
      for (const x of items(l, 'Cannot find uniq on type')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return newList(out);
    }),
  ],
  [
    'without',
    vfn([ANY], ANY, (l, ...omit) =>
      newList(items(l, 'Cannot find without on type').filter((x) => !omit.some((o) => deepEqual(x, o)))),
    ),
  ],
  [
    'has',
    fn([ANY, ANY], (needle, haystack) => {
      if (haystack === null || haystack === undefined) return false;
      return items(haystack, 'Cannot find has on type').some((x) => deepEqual(needle, x));
    }),
  ],
  [
    'slice',
    vfn([ANY], ANY, (l, ...ix) => {
      const xs = items(l, 'list should be type of slice or array but');
      if (xs.length === 0) return null;
      const start = ix.length > 0 ? toInt64(ix[0]) : 0;
      const end = ix.length < 2 ? xs.length : toInt64(ix[1]);
      if (start < 0 || end > xs.length || start > end) {
        throw new GoCallError(`reflect: slice index out of range`);
      }
      const s = l as GoSlice;
      return new GoSlice(s.type, s.elem, xs.slice(start, end));
    }),
  ],
  [
    'concat',
    vfn([], ANY, (...lists) => {
      const out: GoValue[] = [];
      for (const l of lists) {
        if (!(l instanceof GoSlice)) {
          throw new GoCallError(
            l === null || l === undefined
              ? 'runtime error: invalid memory address or nil pointer dereference'
              : `Cannot concat type ${kindOf(l)} as list`,
          );
        }
        out.push(...(l.items ?? []));
      }
      return out.length === 0 && lists.length === 0 ? nilList() : newList(out);
    }),
  ],
  [
    'chunk',
    fn(['int', ANY], (size, l) => {
      const n = typeof size === 'number' ? size : (size as GoNumber).value;
      const xs = items(l, 'Cannot chunk type');
      const out: GoValue[] = [];
      for (let i = 0; i < xs.length; i += n) out.push(newList(xs.slice(i, i + n)));
      return new GoSlice('[][]interface {}', '[]interface {}', out);
    }),
  ],
  [
    'until',
    fn(['int'], (c) => {
      const n = c as number;
      return untilStep(0, n, n < 0 ? -1 : 1);
    }),
  ],
  ['untilStep', fn(['int', 'int', 'int'], (a, b, c) => untilStep(a as number, b as number, c as number))],
  ['seq', vfn([], 'int', (...a) => seq(a as number[]))],
];

function untilStep(start: number, stop: number, step: number): GoSlice {
  const v: GoValue[] = [];
  if (stop < start) {
    if (step < 0) for (let i = start; i > stop; i += step) v.push(i);
  } else if (step > 0) {
    for (let i = start; i < stop; i += step) v.push(i);
  }
  return new GoSlice('[]int', 'int', v);
}

/** sprig's seq: like GNU seq, `seq last`, `seq first last`, `seq first step last`, joined by spaces. */
function seq(params: number[]): string {
  const [a = 0, b = 0, c = 0] = params;
  let items: GoValue[];
  switch (params.length) {
    case 1:
      items = untilStep(1, a + (a < 1 ? -1 : 1), a < 1 ? -1 : 1).items ?? [];
      break;
    case 2: {
      const step = b < a ? -1 : 1;
      items = untilStep(a, b + step, step).items ?? [];
      break;
    }
    case 3:
      // seq first step last: a descending range needs a negative step.
      if (c < a && b > 0) return '';
      items = untilStep(a, c + (c < a ? -1 : 1), b).items ?? [];
      break;
    default:
      return '';
  }
  return items.join(' ');
}
