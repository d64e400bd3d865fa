// Shared state is patched the way JSON merge patches work (RFC 7386): maps merge
// recursively, a null deletes the key, anything else (lists included) replaces.
import { isRecord } from '../common/is-record.js';

/** Returns `base` with `patch` deep-merged in; neither input is modified. */
export function mergeSharedState(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) {
      delete out[key];
    } else if (isRecord(value)) {
      const current = out[key];
      out[key] = mergeSharedState(isRecord(current) ? current : {}, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
