// Value conventions shared by the template helpers. They follow Go templates + sprig
// where provisioner authors rely on them (truthiness, `%v` printing, sorted maps), so
// files ported from the Go score-compose keep their meaning.
import { isRecord } from '../../../common/is-record.js';
import { describeValue } from '../../../common/describe-value.js';

/** The options object Handlebars passes last to every helper (the parts we use). */
export interface HelperOptions {
  name?: string;
  hash?: Record<string, unknown>;
  data?: Record<string, unknown>;
  loc?: { start: { line: number; column: number } };
  fn?: (context: unknown, options?: { data?: unknown; blockParams?: unknown[] }) => string;
  inverse?: (context: unknown, options?: { data?: unknown; blockParams?: unknown[] }) => string;
}

/** A helper as registered with Handlebars: positional arguments, then the options. */
export type Helper = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps a function of positional arguments only, dropping Handlebars' trailing options. */
export function plain(fn: (...args: unknown[]) => unknown): Helper {
  return function (this: unknown, ...args: unknown[]) {
    return fn(...args.slice(0, -1));
  };
}

/**
 * Go template truthiness: false, 0, NaN, "", null/undefined and empty lists and maps are
 * false. (Handlebars alone would treat `{}` as true.)
 */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** Own keys in byte-wise order, as Go iterates maps. */
export function sortedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).sort();
}

/** Go's `%v` for JSON-like values; null prints as "" (Go: `<nil>`) because it lands in YAML. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  if (isRecord(value))
    return `map[${sortedKeys(value)
      .map((k) => `${k}:${formatValue(value[k])}`)
      .join(' ')}]`;
  return String(value);
}

/** A string argument: strings as-is, other values as `%v`. */
export function text(value: unknown): string {
  return formatValue(value);
}

/** A numeric argument; numeric strings count, anything else is an error naming the helper. */
export function toNumber(value: unknown, helper: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`${helper}: expected a number, got ${describeValue(value)}`);
}

/** A non-negative integer argument such as a length. */
export function toCount(value: unknown, helper: string): number {
  const n = toNumber(value, helper);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${helper}: expected a non-negative integer, got ${formatValue(value)}`);
  // A count builds a string that long: a template asking for more is broken or hostile.
  if (n > MAX_COUNT) throw new Error(`${helper}: ${n} is too large (at most ${MAX_COUNT})`);
  return n;
}

/** The largest count a helper accepts (a password, a padding), far above any real use. */
const MAX_COUNT = 1_000_000;

/** JSON with map keys sorted at every level, so output is deterministic. */
export function stableJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortDeep(value), null, indent) ?? 'null';
}

/** A copy with every map's keys in sorted order (lists keep their order). */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of sortedKeys(value)) out[key] = sortDeep(value[key]);
    return out;
  }
  return value;
}
