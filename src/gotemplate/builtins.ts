/** text/template's builtins: and, or, not, len, index, slice, print*, call, html, js, urlquery, comparisons. */
import { eq, le, lt } from './compare.js';
import { sprint, sprintf, sprintln } from './format.js';
import { fn, GoCallError, vfn, type FuncMap, type TemplateFunction } from './function.js';
import { isPrint } from './quote.js';
import { isTruthy } from './truth.js';
import {
  ANY,
  GoFunc,
  GoMap,
  GoNumber,
  GoSlice,
  canBeNil,
  goTypeOf,
  isIntKind,
  isUintKind,
  kindOf,
  zeroOf,
  type GoValue,
} from './values.js';

const RV = 'reflect.Value';

function deref(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function indexArg(index: GoValue, cap: number): number {
  const i = deref(index);
  if (i === undefined) throw new GoCallError('cannot index slice/array with nil');
  const k = kindOf(i);
  if (!isIntKind(k) && !isUintKind(k)) throw new GoCallError(`cannot index slice/array with type ${goTypeOf(i)}`);
  const x = typeof i === 'number' ? i : (i as GoNumber).value;
  if (x < 0 || x > cap) throw new GoCallError(`index out of range: ${x}`);
  return x;
}

/** reflect-style argument preparation for map keys and `call` (int-like values convert). */
function prepareArg(value: GoValue, argType: string): GoValue {
  let v = value;
  if (v === undefined) {
    if (!canBeNil(argType)) throw new GoCallError(`value is nil; should be of type ${argType}`);
    v = zeroOf(argType);
  }
  if (argType === ANY || goTypeOf(v) === argType) return v;
  const k = kindOf(v);
  const intLike = (t: string): boolean => ['int', 'int64', 'int32', 'uint8', 'uint', 'uint32', 'uint64'].includes(t);
  if ((isIntKind(k) || isUintKind(k)) && intLike(argType)) {
    const n = typeof v === 'number' ? v : (v as GoNumber).value;
    return argType === 'int' ? n : new GoNumber(argType as 'int64', n);
  }
  throw new GoCallError(`value has type ${goTypeOf(v)}; should be ${argType}`);
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  let cur = deref(item);
  if (cur === undefined) throw new GoCallError('index of untyped nil');
  for (const ix of indexes) {
    if (cur === null || cur === undefined) throw new GoCallError('index of nil pointer');
    if (typeof cur === 'string') {
      const bytes: Buffer = Buffer.from(cur, 'utf8');
      const x = indexArg(ix, bytes.length);
      if (x >= bytes.length) throw new GoCallError('reflect: string index out of range');
      cur = new GoNumber('uint8', bytes[x] ?? 0);
    } else if (cur instanceof GoSlice) {
      const items: GoValue[] = cur.items ?? [];
      const x = indexArg(ix, items.length);
      if (x >= items.length) throw new GoCallError('reflect: slice index out of range');
      cur = items[x];
    } else if (cur instanceof GoMap) {
      const key = prepareArg(deref(ix), 'string') as string;
      cur = cur.entries?.has(key) ? cur.entries.get(key) : zeroOf(cur.elem);
    } else {
      throw new GoCallError(`can't index item of type ${goTypeOf(cur)}`);
    }
  }
  return cur;
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  const v = deref(item);
  if (v === undefined) throw new GoCallError('slice of untyped nil');
  if (indexes.length > 3) throw new GoCallError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof v === 'string') {
    if (indexes.length === 3) throw new GoCallError('cannot 3-index slice a string');
    len = Buffer.byteLength(v, 'utf8');
  } else if (v instanceof GoSlice) {
    len = v.items?.length ?? 0;
  } else {
    throw new GoCallError(`can't slice item of type ${goTypeOf(v)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, len)));
  const [lo = 0, hi = len, max = len] = idx;
  if (lo > hi) throw new GoCallError(`invalid slice index: ${lo} > ${hi}`);
  if (indexes.length === 3 && hi > max) throw new GoCallError(`invalid slice index: ${hi} > ${max}`);
  if (typeof v === 'string') return Buffer.from(v, 'utf8').subarray(lo, hi).toString('utf8');
  const s = v as GoSlice;
  return new GoSlice(s.type, s.elem, (s.items ?? []).slice(lo, hi));
}

function length(item: GoValue): GoValue {
  if (item === null) throw new GoCallError('len of nil pointer');
  if (item === undefined) throw new GoCallError('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return Buffer.byteLength(item, 'utf8');
  if (item instanceof GoMap) return item.entries?.size ?? 0;
  if (item instanceof GoSlice) return item.items?.length ?? 0;
  throw new GoCallError(`len of type ${goTypeOf(item)}`);
}

function call(f: GoValue, ...args: GoValue[]): GoValue {
  const fv = deref(f);
  if (fv === undefined) throw new GoCallError('call of nil');
  if (!(fv instanceof GoFunc)) throw new GoCallError(`non-function of type ${goTypeOf(fv)}`);
  const numIn = fv.params.length;
  if (fv.variadic !== undefined && args.length < numIn) {
    throw new GoCallError(`wrong number of args: got ${args.length} want at least ${numIn}`);
  }
  if (fv.variadic === undefined && args.length !== numIn) {
    throw new GoCallError(`wrong number of args: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((a, i) => {
    const t = i < numIn ? (fv.params[i] ?? ANY) : (fv.variadic ?? ANY);
    try {
      return prepareArg(deref(a), t);
    } catch (e) {
      throw new GoCallError(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return fv.body(...argv);
}

/** The text html/js/urlquery escape: a lone string as is, otherwise Sprint with `<no value>` for nil. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0'
      ? '\uFFFD'
      : c === '"'
        ? '&#34;'
        : c === "'"
          ? '&#39;'
          : c === '&'
            ? '&amp;'
            : c === '<'
              ? '&lt;'
              : '&gt;',
  );
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const special: Record<string, string> = {
      '\\': '\\\\',
      "'": "\\'",
      '"': '\\"',
      '<': '\\u003C',
      '>': '\\u003E',
      '&': '\\u0026',
      '=': '\\u003D',
    };
    if (special[ch] !== undefined) out += special[ch];
    else if (c < 0x20) out += `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c < 0x80) out += ch;
    else if (isPrint(ch)) out += ch;
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const entries: [string, TemplateFunction][] = [
  // and/or are evaluated lazily by the executor; these bodies never run.
  ['and', vfn([RV], RV, (...a) => a[a.length - 1])],
  ['or', vfn([RV], RV, (...a) => a[a.length - 1])],
  ['not', fn([RV], (a) => !isTruthy(a))],
  ['len', fn([RV], length)],
  ['index', vfn([RV], RV, index)],
  ['slice', vfn([RV], RV, slice)],
  ['print', vfn([], ANY, (...a) => sprint(a))],
  ['printf', vfn(['string'], ANY, (f, ...a) => sprintf(f as string, a))],
  ['println', vfn([], ANY, (...a) => sprintln(a))],
  ['call', vfn([RV], RV, call)],
  ['html', vfn([], ANY, (...a) => htmlEscape(evalArgs(a)))],
  ['js', vfn([], ANY, (...a) => jsEscape(evalArgs(a)))],
  ['urlquery', vfn([], ANY, (...a) => queryEscape(evalArgs(a)))],
  ['eq', vfn([RV], RV, eq)],
  ['ne', fn([RV, RV], (a, b) => !eq(a, b))],
  ['lt', fn([RV, RV], lt)],
  ['le', fn([RV, RV], le)],
  ['gt', fn([RV, RV], (a, b) => !le(a, b))],
  ['ge', fn([RV, RV], (a, b) => !lt(a, b))],
];

/** The builtin functions every template has. */
export const BUILTINS: FuncMap = new Map(entries);
