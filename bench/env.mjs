// The benchmarks' settings come from BENCH_* environment variables.

/** A whole number ≥ 0 from `key`, or `fallback` when it is unset or empty. */
export function intEnv(key, fallback) {
  const raw = process.env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number, got '${raw}'`);
  return n;
}

/** `KEY=value` for each of `keys` that is set, for the report's "settings" line. */
export const settingsOf = (keys) =>
  keys.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
