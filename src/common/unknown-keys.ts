/**
 * The first key of `map` (in its own order) that is not `allowed`, for strict decoders that
 * report a misspelt field instead of ignoring it. `alsoAllowed` admits extension keys (`x-...`).
 */
export function firstUnknownKey(
  map: Record<string, unknown>,
  allowed: Iterable<string>,
  alsoAllowed: (key: string) => boolean = () => false,
): string | undefined {
  const known = allowed instanceof Set ? (allowed as ReadonlySet<string>) : new Set(allowed);
  return Object.keys(map).find((key) => !known.has(key) && !alsoAllowed(key));
}
