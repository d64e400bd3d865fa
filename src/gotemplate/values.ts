/**
 * Go values as this engine sees them: a faithful model of the reflect.Values that Go's text/template
 * handles when score-compose renders YAML- or JSON-decoded data, plus the few typed values sprig returns.
 *
 * | Go                                   | TypeScript                                                           |
 * |--------------------------------------|----------------------------------------------------------------------|
 * | invalid reflect.Value (missing key)  | `undefined` (prints `<no value>`; so does a field of it)       |
 * | nil interface{} (YAML/JSON null)     | `null` (a field of it fails: `nil pointer evaluating ...`)      |
 * | string, bool                         | `string`, `boolean`                                                  |
 * | int (64-bit, what YAML integers are) | a safe-integer `number` (|n| < 2^53: larger ints are not modelled) |
 * | float64                              | any other `number`, or `GoNumber('float64', x)` (for 1.0, NaN, ±Inf) |
 * | int64, uint8 (a byte), int32 (a rune), uint64, float32 | `GoNumber(type, x)`                              |
 * | map[string]T (nil map: `entries` null) | `GoMap` with its Go type name and element type; keys are strings  |
 * | []T (nil slice: `items` null)        | `GoSlice` with its Go type name and element type                     |
 * | struct, *struct (score-compose's Data) | `GoStruct` with its Go type name and typed fields                  |
 * | func (for `call`)                    | `GoFunc`                                                             |
 *
 * Every value has a dynamic Go type (`goTypeOf`), which decides assignability to a function parameter,
 * comparison kinds (`eq 1 1.0` fails as in Go) and what error messages say. Plain data (objects,
 * arrays, numbers) becomes Go values with `toGoValue`, as yaml.v3 decoding into interface{} would make
 * them: objects are `map[string]interface {}`, arrays `[]interface {}`.
 */
import type { TemplateFunction } from './function.js';

/** Numeric Go types other than `int`. */
export type GoNumberType = 'int64' | 'int32' | 'uint8' | 'uint' | 'uint32' | 'uint64' | 'float64' | 'float32';

/** A number whose Go type is not plain `int`. */
export class GoNumber {
  constructor(
    readonly type: GoNumberType,
    readonly value: number,
  ) {}
}

/** A Go map with string keys; `entries` is null for a nil map. Insertion order does not matter. */
export class GoMap {
  constructor(
    readonly type: string,
    readonly elem: string,
    readonly entries: Map<string, GoValue> | null,
  ) {}
}

/** A Go slice; `items` is null for a nil slice. */
export class GoSlice {
  constructor(
    readonly type: string,
    readonly elem: string,
    readonly items: GoValue[] | null,
  ) {}
}

/** One field of a struct: its Go type and value. */
export interface GoField {
  readonly type: string;
  readonly value: GoValue;
}

/**
 * A Go struct value, or a pointer to one when the type name starts with `*`. A type with a String()
 * method (a fmt.Stringer, such as sprig's *semver.Version) gives it as `stringer`: fmt prints that for
 * %v, %s, %q, %x and %X, and json.Marshal quotes it (such types marshal as their text). Its methods
 * without arguments (`.Major`) are modelled as fields.
 */
export class GoStruct {
  constructor(
    readonly type: string,
    readonly fields: ReadonlyMap<string, GoField>,
    readonly stringer?: () => string,
    /** Methods with arguments (`.Compare $other`), called as functions with the receiver bound. */
    readonly methods?: ReadonlyMap<string, TemplateFunction>,
  ) {}
}

/** A Go function value (for `call`): parameter types, and a body that throws `GoCallError` for an error result. */
export class GoFunc {
  constructor(
    readonly type: string,
    readonly params: readonly string[],
    readonly variadic: string | undefined,
    readonly body: (...args: GoValue[]) => GoValue,
  ) {}
}

/** The zone in effect at an instant: its abbreviation and offset east of UTC, in seconds. */
export interface GoZone {
  readonly name: string;
  readonly offset: number;
}

/** A *time.Location: its name and the zone it gives each instant (unix seconds). */
export interface GoLocation {
  readonly name: string;
  lookup(unixSec: number): GoZone;
}

/**
 * A time.Time (sprig's date functions): unix seconds, nanoseconds within the second, its location,
 * and, for a time from time.Now, the monotonic clock reading in nanoseconds (which String() shows).
 */
export class GoTime {
  constructor(
    readonly sec: number,
    readonly nsec: number,
    readonly loc: GoLocation,
    readonly monoNs?: bigint,
  ) {}
}

/** Any value the engine handles. */
export type GoValue =
  undefined | null | boolean | string | number | GoNumber | GoMap | GoSlice | GoStruct | GoFunc | GoTime;

/** Go's reflect.Kind names, as `kindOf` prints them. */
export type GoKind =
  | 'invalid'
  | 'interface'
  | 'bool'
  | 'string'
  | 'int'
  | 'int64'
  | 'int32'
  | 'uint8'
  | 'uint'
  | 'uint32'
  | 'uint64'
  | 'float64'
  | 'float32'
  | 'map'
  | 'slice'
  | 'struct'
  | 'ptr'
  | 'func';

export const ANY = 'interface {}';
export const MAP_ANY = 'map[string]interface {}';
export const SLICE_ANY = '[]interface {}';

/** The dynamic Go type of a value (`interface {}` for nil, `` for invalid). */
export function goTypeOf(v: GoValue): string {
  if (v === undefined) return '';
  if (v === null) return ANY;
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(v) ? 'int' : 'float64';
  }
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoTime) return 'time.Time';
  return v.type;
}

/** The reflect.Kind of a value. */
export function kindOf(v: GoValue): GoKind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'interface';
  if (typeof v !== 'object' || v instanceof GoNumber) return goTypeOf(v) as GoKind;
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoSlice) return 'slice';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoTime) return 'struct';
  return v.type.startsWith('*') ? 'ptr' : 'struct';
}

/** Whether a kind is one of Go's signed integer kinds. */
export function isIntKind(k: GoKind): boolean {
  return k === 'int' || k === 'int64' || k === 'int32';
}

/** Whether a kind is one of Go's unsigned integer kinds. */
export function isUintKind(k: GoKind): boolean {
  return k === 'uint8' || k === 'uint' || k === 'uint32' || k === 'uint64';
}

/** Whether a kind is a float kind. */
export function isFloatKind(k: GoKind): boolean {
  return k === 'float64' || k === 'float32';
}

/** The numeric value of a number of any Go type (NaN for other values). */
export function numberOf(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber) return v.value;
  return NaN;
}

/** A float64 value that stays a float64 even when integral. */
export function float64(x: number): GoValue {
  return new GoNumber('float64', x);
}

/** A map[string]interface{} from entries. */
export function newMap(entries: Map<string, GoValue> = new Map()): GoMap {
  return new GoMap(MAP_ANY, ANY, entries);
}

/** A []interface{} from items. */
export function newList(items: GoValue[]): GoSlice {
  return new GoSlice(SLICE_ANY, ANY, items);
}

/** A []string from strings. */
export function newStringList(items: string[]): GoSlice {
  return new GoSlice('[]string', 'string', items);
}

/** Whether a value can be nil in Go terms (a nil interface, map, slice or func). */
export function isNilValue(v: GoValue): boolean {
  if (v === null) return true;
  if (v instanceof GoMap) return v.entries === null;
  if (v instanceof GoSlice) return v.items === null;
  return false;
}

/** The zero value of a Go type, for the types this engine models. */
export function zeroOf(type: string): GoValue {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'int64':
    case 'int32':
    case 'uint8':
    case 'uint':
    case 'uint32':
    case 'uint64':
    case 'float64':
    case 'float32':
      return new GoNumber(type, 0);
  }
  if (type.startsWith('map[')) return new GoMap(type, mapElem(type), null);
  if (type.startsWith('[]')) return new GoSlice(type, type.slice(2), null);
  return null;
}

/** The element type of a `map[string]T` type name. */
export function mapElem(type: string): string {
  return type.slice(type.indexOf(']') + 1);
}

/** Whether a Go type can hold nil (interface, map, slice, pointer, func). */
export function canBeNil(type: string): boolean {
  return (
    type === ANY ||
    type === 'reflect.Value' ||
    type.startsWith('map[') ||
    type.startsWith('[]') ||
    type.startsWith('*') ||
    type.startsWith('func')
  );
}

/** Plain data (JSON/YAML-decoded) as Go values: objects → map[string]interface{}, arrays → []interface{}. */
export function toGoValue(data: unknown): GoValue {
  if (data === null || data === undefined) return data;
  switch (typeof data) {
    case 'string':
    case 'boolean':
      return data;
    case 'number':
      return Number.isSafeInteger(data) ? data : float64(data);
    case 'bigint':
      return Number(data);
  }
  if (
    data instanceof GoNumber ||
    data instanceof GoMap ||
    data instanceof GoSlice ||
    data instanceof GoStruct ||
    data instanceof GoFunc ||
    data instanceof GoTime
  ) {
    return data;
  }
  if (Array.isArray(data)) return newList(data.map(toGoValue));
  if (data instanceof Map) {
    return newMap(new Map([...data].map(([k, v]) => [String(k), toGoValue(v)])));
  }
  if (typeof data === 'object') {
    return newMap(new Map(Object.entries(data).map(([k, v]) => [k, toGoValue(v)])));
  }
  throw new TypeError(`cannot convert ${typeof data} to a Go value`);
}

/** Go values back to plain data (maps → objects, numbers → numbers), for decoding rendered results. */
export function fromGoValue(v: GoValue): unknown {
  if (v === undefined || v === null || typeof v !== 'object') return v ?? null;
  if (v instanceof GoNumber) return v.value;
  if (v instanceof GoMap) {
    if (v.entries === null) return null;
    const out: Record<string, unknown> = {};
    for (const [k, e] of v.entries) Object.defineProperty(out, k, { value: fromGoValue(e), enumerable: true });
    return out;
  }
  if (v instanceof GoSlice) return v.items === null ? null : v.items.map(fromGoValue);
  if (v instanceof GoStruct) {
    const out: Record<string, unknown> = {};
    for (const [k, f] of v.fields) out[k] = fromGoValue(f.value);
    return out;
  }
  return null;
}

/** Map entries sorted by key, as Go's fmt and text/template range over maps. */
export function sortedEntries(m: GoMap): [string, GoValue][] {
  if (m.entries === null) return [];
  return [...m.entries].sort(([a], [b]) => compareStrings(a, b));
}

/** Byte-wise string comparison (Go compares strings as UTF-8 bytes; UTF-16 order differs above the BMP). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}
