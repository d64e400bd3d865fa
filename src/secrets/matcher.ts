// Finds many literal strings (secret values, in all their forms) in a text in one pass whose cost
// does not grow with how many there are. A regular expression alternating every value tries each
// one at each position, so with a secret per workload its cost grew with the square of the
// project's size (500 workloads spent more time masking than rendering).
//
// The values are indexed by their first `width` characters (the shortest value's length, at most
// 8); at each position of the text only the values sharing that prefix are compared. As with a
// regular expression listing the values longest first, the leftmost match wins, and at one
// position the longest value.

/** A set of literal strings to find in texts. */
export interface LiteralMatcher {
  /** `text` with every match replaced by what `by` returns for the value found. */
  replaceAll(text: string, by: (value: string) => string): string;
  /** Whether `text` holds any of the values. */
  test(text: string): boolean;
}

const MAX_WIDTH = 8;

/** A matcher for the non-empty strings among `values`. */
export function literalMatcher(values: Iterable<string>): LiteralMatcher {
  const distinct = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return { replaceAll: (text) => text, test: () => false };
  const width = Math.min(MAX_WIDTH, distinct[distinct.length - 1]!.length);
  const byPrefix = new Map<string, string[]>();
  for (const value of distinct) {
    const key = value.slice(0, width);
    const bucket = byPrefix.get(key);
    if (bucket === undefined) byPrefix.set(key, [value]);
    else bucket.push(value); // stays longest first: `distinct` is sorted so
  }

  // Most positions start no value: their first two characters (one when width is 1) are checked
  // against a set of numbers before a substring is made to look the prefix up.
  const pairAt =
    width === 1
      ? (text: string, at: number) => text.charCodeAt(at)
      : (text: string, at: number) => text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
  const starts = new Set(distinct.map((value) => pairAt(value, 0)));

  /** The value that starts at `at`, or undefined. */
  const matchAt = (text: string, at: number): string | undefined => {
    if (!starts.has(pairAt(text, at))) return undefined;
    const bucket = byPrefix.get(text.slice(at, at + width));
    if (bucket === undefined) return undefined;
    for (const value of bucket) if (text.startsWith(value, at)) return value;
    return undefined;
  };

  return {
    replaceAll(text, by) {
      let out = '';
      let copied = 0;
      for (let at = 0; at + width <= text.length;) {
        const value = matchAt(text, at);
        if (value === undefined) {
          at += 1;
          continue;
        }
        out += text.slice(copied, at) + by(value);
        at += value.length;
        copied = at;
      }
      return copied === 0 ? text : out + text.slice(copied);
    },
    test(text) {
      for (let at = 0; at + width <= text.length; at += 1) if (matchAt(text, at) !== undefined) return true;
      return false;
    },
  };
}
