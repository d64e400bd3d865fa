/** sprig's default, empty, coalesce, all, any, ternary, fail and the JSON functions. */
import { fn, GoCallError, vfn, type TemplateFunction } from '../function.js';
import { GoMap, GoNumber, GoSlice, GoStruct, goTypeOf, type GoValue } from '../values.js';
import { marshalJson, unmarshalJson } from './json.js';

const ANY = 'interface {}';

/** sprig's empty: nil, false, 0, "" and empty collections (structs never are). */
export function isEmpty(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoNumber) return v.value === 0;
  if (v instanceof GoMap) return (v.entries?.size ?? 0) === 0;
  if (v instanceof GoSlice) return (v.items?.length ?? 0) === 0;
  return false;
}

/** reflect.DeepEqual for the values this engine models. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  if (goTypeOf(a) !== goTypeOf(b)) return false;
  if (a instanceof GoNumber && b instanceof GoNumber) return a.value === b.value;
  if (a instanceof GoMap && b instanceof GoMap) {
    if ((a.entries === null) !== (b.entries === null)) return false;
    const ea = a.entries ?? new Map<string, GoValue>();
    const eb = b.entries ?? new Map<string, GoValue>();
    if (ea.size !== eb.size) return false;
    for (const [k, v] of ea) if (!eb.has(k) || !deepEqual(v, eb.get(k))) return false;
    return true;
  }
  if (a instanceof GoSlice && b instanceof GoSlice) {
    if ((a.items === null) !== (b.items === null)) return false;
    const ia = a.items ?? [];
    const ib = b.items ?? [];
    return ia.length === ib.length && ia.every((x, i) => deepEqual(x, ib[i]));
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    return [...a.fields].every(([k, f]) => deepEqual(f.value, b.fields.get(k)?.value));
  }
  return a === b;
}

const json =
  (escapeHtml: boolean, indent = '') =>
  (v: GoValue) => {
    try {
      return marshalJson(v, escapeHtml, indent);
    } catch {
      return '';
    }
  };

export const DEFAULT_FUNCS: [string, TemplateFunction][] = [
  ['default', vfn([ANY], ANY, (d, ...given) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]))],
  ['empty', fn([ANY], (v) => isEmpty(v))],
  ['coalesce', vfn([], ANY, (...v) => v.find((x) => !isEmpty(x)) ?? null)],
  ['all', vfn([], ANY, (...v) => v.every((x) => !isEmpty(x)))],
  ['any', vfn([], ANY, (...v) => v.some((x) => !isEmpty(x)))],
  ['ternary', fn([ANY, ANY, 'bool'], (t, f, c) => (c ? t : f))],
  [
    'fail',
    fn(['string'], (msg) => {
      throw new GoCallError(msg as string);
    }),
  ],
  ['toJson', fn([ANY], json(true))],
  ['toPrettyJson', fn([ANY], json(true, '  '))],
  ['toRawJson', fn([ANY], (v) => marshalJson(v, false))],
  ['mustToJson', fn([ANY], (v) => marshalJson(v, true))],
  ['mustToPrettyJson', fn([ANY], (v) => marshalJson(v, true, '  '))],
  ['mustToRawJson', fn([ANY], (v) => marshalJson(v, false))],
  [
    'fromJson',
    fn(['string'], (s) => {
      try {
        return unmarshalJson(s as string);
      } catch {
        return null;
      }
    }),
  ],
  ['mustFromJson', fn(['string'], (s) => unmarshalJson(s as string))],
  ['deepEqual', fn([ANY, ANY], deepEqual)],
];
