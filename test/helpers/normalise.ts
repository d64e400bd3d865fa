// Generated names and secrets are random; the reference's goldens hold Go's seeded values.
// Masking the random parts on both sides lets us compare everything else exactly.

const MASKS: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'],
  [/\bdns[a-z0-9]{6}\.localhost\b/g, 'dnsXXXXXX.localhost'],
  [/\b[A-Za-z0-9]{16,}\b/g, '<secret>'],
  [/-[A-Za-z0-9]{6,8}(?=\b|_|$)/g, '-XXXXXX'],
];

/** Masks random suffixes, host names, uuids and long secrets in a string. */
export function maskRandom(s: string): string {
  return MASKS.reduce((acc, [re, rep]) => acc.replace(re, rep), s);
}

/** Deeply masks every string (keys included) in a parsed YAML/JSON value. */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskRandom(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskRandom(k), maskDeep(v)]));
  }
  return value;
}
