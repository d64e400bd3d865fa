/** Go's template truth: false for no value, nil, false, zero numbers and empty strings, maps and slices. */
import { GoMap, GoNumber, GoSlice, type GoValue } from './values.js';

/** text/template's isTrue (a nil interface counts as false). */
export function isTruthy(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof GoNumber) return v.value !== 0;
  if (v instanceof GoMap) return (v.entries?.size ?? 0) > 0;
  if (v instanceof GoSlice) return (v.items?.length ?? 0) > 0;
  return true;
}
