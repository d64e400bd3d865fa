// Map and list helpers. Helpers never modify their arguments: `set`, `append` and `merge`
// return new values (Handlebars has no variables to assign a mutated map back to).
import { type Helper, plain, sortedKeys, text, truthy } from './values.js';
import { isRecord } from '../../../common/is-record.js';
import { describeValue } from '../../../common/describe-value.js';

/** Sprig's `dig`: walks `keys` through nested maps; the default when a step is missing or null. */
export function dig(keys: unknown[], fallback: unknown, map: unknown): unknown {
  let current: unknown = map;
  for (const key of keys) {
    if (!isRecord(current)) return fallback;
    const next = Object.prototype.hasOwnProperty.call(current, text(key)) ? current[text(key)] : undefined;
    if (next === undefined || next === null) return fallback;
    current = next;
  }
  return current;
}

/** Go's `index`: map keys (numbers become strings) and list positions; missing → undefined. */
export function indexInto(collection: unknown, keys: unknown[]): unknown {
  let current = collection;
  for (const key of keys) {
    if (Array.isArray(current)) {
      const i = typeof key === 'number' ? key : Number(text(key));
      current = Number.isInteger(i) && i >= 0 && i < current.length ? current[i] : undefined;
    } else if (isRecord(current)) {
      current = Object.prototype.hasOwnProperty.call(current, text(key)) ? current[text(key)] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Deep merge where values already in `dst` win; maps present on both sides merge recursively. */
export function mergeKeepingDestination(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const mine = out[key];
    if (mine === undefined || mine === null) out[key] = value;
    else if (isRecord(mine) && isRecord(value)) out[key] = mergeKeepingDestination(mine, value);
  }
  return out;
}

function asMap(value: unknown, helper: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${helper}: expected a map, got ${describeValue(value)}`);
  return value;
}

function asList(value: unknown, helper: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${helper}: expected a list, got ${describeValue(value)}`);
  return value;
}

/** Map and list helpers by name. */
export const collectionHelpers: Record<string, Helper> = {
  /** `dig "a" "b" default map`: map.a.b, or default when any step is missing or null. */
  dig: plain((...args) => {
    if (args.length < 3) throw new Error('dig: expected at least one key, a default and a map');
    return dig(args.slice(0, -2), args[args.length - 2], args[args.length - 1]);
  }),
  /** `default fallback value`: value unless it is empty (Go truthiness), else fallback. */
  default: plain((fallback, ...rest) => (rest.length > 0 && truthy(rest[0]) ? rest[0] : fallback)),
  /** `empty value`: true for false, 0, "", null, and empty lists and maps. */
  empty: plain((value) => !truthy(value)),
  /** `coalesce a b ...`: the first non-empty argument. */
  coalesce: plain((...args) => args.find(truthy)),
  /** `dict "k1" v1 "k2" v2`: a new map (a missing last value is ""). */
  dict: plain((...args) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2) out[text(args[i])] = i + 1 < args.length ? args[i + 1] : '';
    return out;
  }),
  /** `list a b c`: a new list. */
  list: plain((...args) => args),
  /** `append list value`: a new list with value at the end. */
  append: plain((list, value) => [...asList(list, 'append'), value]),
  /** `merge dst src1 src2 ...`: deep merge into a copy of dst; dst's values win, then src1's, ... */
  merge: plain((dst, ...srcs) =>
    srcs.reduce<Record<string, unknown>>(
      (acc, src) => mergeKeepingDestination(acc, asMap(src, 'merge')),
      asMap(dst, 'merge'),
    ),
  ),
  /** `set map key value`: a copy of map with key set. */
  set: plain((map, key, value) => ({ ...asMap(map, 'set'), [text(key)]: value })),
  /** `unset map key`: a copy of map without key. */
  unset: plain((map, key) => {
    const out = { ...asMap(map, 'unset') };
    delete out[text(key)];
    return out;
  }),
  /** `keys map ...`: the keys of the maps, sorted. */
  keys: plain((...maps) => [...new Set(maps.flatMap((m) => Object.keys(asMap(m, 'keys'))))].sort()),
  /** `values map`: the values, in sorted key order. */
  values: plain((map) => {
    const m = asMap(map, 'values');
    return sortedKeys(m).map((k) => m[k]);
  }),
  /** `index collection k1 k2 ...`: nested map key / list position lookup; missing → nothing. */
  index: plain((collection, ...keys) => indexInto(collection, keys)),
  /** `len value`: length of a string, list or map (0 for nothing). */
  len: plain((value) => {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isRecord(value)) return Object.keys(value).length;
    throw new Error(`len: expected a string, list or map, got ${describeValue(value)}`);
  }),
  /** `first list`: the first item, or nothing. */
  first: plain((list) => asList(list, 'first')[0]),
  /** `last list`: the last item, or nothing. */
  last: plain((list) => asList(list, 'last').at(-1)),
  /** `has needle list`: true when list contains needle. */
  has: plain((needle, list) => asList(list, 'has').includes(needle)),
  /** `hasKey map key`: true when map has key. */
  hasKey: plain((map, key) => Object.prototype.hasOwnProperty.call(asMap(map, 'hasKey'), text(key))),
};
