// One order for names in everything the tool writes: by UTF-16 code units, as Go's sort.Strings
// orders bytes for ASCII (the reference sorts that way). Not localeCompare: its order depends on
// the locale's collation (`_` before letters, case folded), and its first call loads ICU's
// collation data, 10-15 ms of a cold `generate` (bench/README.md).

/** Compares two strings by code units. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two [name, value] entries by name. */
export function byName<T>([a]: readonly [string, T], [b]: readonly [string, T]): number {
  return compareNames(a, b);
}
