/** sprig's dict functions. Go maps are references: set, unset and merge change the map they are given. */
import { fn, GoCallError, vfn, type TemplateFunction } from '../function.js';
import { formatValue } from '../format.js';
import { GoMap, MAP_ANY, goTypeOf, newList, newMap, newStringList, type GoValue } from '../values.js';
import { strval } from './cast.js';

const ANY = 'interface {}';
const M = MAP_ANY;
const S = 'string';

function entries(m: GoValue): Map<string, GoValue> {
  return (m as GoMap).entries ?? new Map();
}

/** Writing into a nil map panics in Go. */
function writable(m: GoValue): Map<string, GoValue> {
  const e = (m as GoMap).entries;
  if (e === null) throw new GoCallError('assignment to entry in nil map');
  return e;
}

/** mergo.Merge(&dst, src): keys missing (or empty) in dst are filled from src, maps merged deeply. */
function mergeInto(dst: Map<string, GoValue>, src: Map<string, GoValue>, overwrite: boolean): void {
  for (const [k, sv] of src) {
    if (sv === null) continue; // mergo skips nil source values
    const dv = dst.get(k);
    if (dv instanceof GoMap && sv instanceof GoMap && dv.entries !== null && sv.entries !== null) {
      mergeInto(dv.entries, sv.entries, overwrite);
    } else if (!dst.has(k) || dv === null || isEmptyValue(dv) || overwrite) {
      dst.set(k, sv);
    }
  }
}

function isEmptyValue(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (v === '' || v === 0 || v === false) return true;
  if (v instanceof GoMap) return (v.entries?.size ?? 0) === 0;
  return false;
}

function digFrom(dict: GoValue, def: GoValue, keys: string[]): GoValue {
  let cur = dict;
  for (let i = 0; i < keys.length; i++) {
    if (!(cur instanceof GoMap) || goTypeOf(cur) !== M) {
      throw new GoCallError(
        `interface conversion: interface {} is ${cur === null || cur === undefined ? 'nil' : goTypeOf(cur)}, not map[string]interface {}`,
      );
    }
    const k = keys[i] ?? '';
    if (!cur.entries?.has(k)) return def;
    cur = cur.entries.get(k);
  }
  return cur;
}

export const DICT_FUNCS: [string, TemplateFunction][] = [
  [
    'dict',
    vfn([], ANY, (...v) => {
      const m = new Map<string, GoValue>();
      for (let i = 0; i < v.length; i += 2) m.set(strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
      return newMap(m);
    }),
  ],
  ['get', fn([M, S], (d, k) => (entries(d).has(k as string) ? entries(d).get(k as string) : ''))],
  [
    'set',
    fn([M, S, ANY], (d, k, v) => {
      writable(d).set(k as string, v);
      return d;
    }),
  ],
  [
    'unset',
    fn([M, S], (d, k) => {
      (d as GoMap).entries?.delete(k as string);
      return d;
    }),
  ],
  ['hasKey', fn([M, S], (d, k) => entries(d).has(k as string))],
  [
    'pluck',
    vfn([S], M, (k, ...ds) =>
      newList(ds.filter((d) => entries(d).has(k as string)).map((d) => entries(d).get(k as string))),
    ),
  ],
  ['keys', vfn([], M, (...ds) => newStringList(ds.flatMap((d) => [...entries(d).keys()])))],
  [
    'pick',
    vfn([M], S, (d, ...ks) =>
      newMap(
        new Map(ks.filter((k) => entries(d).has(k as string)).map((k) => [k as string, entries(d).get(k as string)])),
      ),
    ),
  ],
  ['omit', vfn([M], S, (d, ...ks) => newMap(new Map([...entries(d)].filter(([k]) => !ks.includes(k)))))],
  ['values', fn([M], (d) => newList([...entries(d).values()]))],
  [
    'merge',
    vfn([M], M, (dst, ...srcs) => {
      if ((dst as GoMap).entries === null) return dst;
      for (const s of srcs) mergeInto(writable(dst), entries(s), false);
      return dst;
    }),
  ],
  [
    'mergeOverwrite',
    vfn([M], M, (dst, ...srcs) => {
      if ((dst as GoMap).entries === null) return dst;
      for (const s of srcs) mergeInto(writable(dst), entries(s), true);
      return dst;
    }),
  ],
  [
    'dig',
    vfn([], ANY, (...ps) => {
      if (ps.length < 3) throw new GoCallError('dig needs at least three arguments');
      const keys = ps.slice(0, -2).map((k) => {
        if (typeof k !== 'string') {
          throw new GoCallError(
            `interface conversion: interface {} is ${k === null ? 'nil' : goTypeOf(k)}, not string`,
          );
        }
        return k;
      });
      return digFrom(ps[ps.length - 1], ps[ps.length - 2], keys);
    }),
  ],
  ['deepCopy', fn([ANY], (v) => deepCopy(v))],
  ['mustDeepCopy', fn([ANY], (v) => deepCopy(v))],
];

function deepCopy(v: GoValue): GoValue {
  if (v instanceof GoMap) {
    return new GoMap(
      v.type,
      v.elem,
      v.entries === null ? null : new Map([...v.entries].map(([k, e]) => [k, deepCopy(e)])),
    );
  }
  if (v === undefined) throw new GoCallError(`copystructure: ${formatValue(v)}`);
  return v;
}
