// "did you mean ...?" suggestions for misspelt field names and enum values.

/** Edits from `a` to `b`: insert, delete, replace, or swap two neighbours (`prot` → `port` is one). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `input` if it is close enough to be a likely typo (case is ignored). */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > 64) return undefined; // not a typo of a field name; keeps the cost bounded
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(Math.max(input.length, 1) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/**
 * A likely intended name for `input`: the closest candidate by edit distance (closestMatch), else
 * the longest candidate that `input` contains or that contains `input` (`hostname` → `host`,
 * `pg` is too short to count), for names that grew or lost a word rather than a letter.
 */
export function suggestName(input: string, candidates: readonly string[]): string | undefined {
  const close = closestMatch(input, candidates);
  if (close !== undefined) return close;
  const lower = input.toLowerCase();
  const related = candidates.filter((c) => {
    const other = c.toLowerCase();
    const [shorter, longer] = other.length < lower.length ? [other, lower] : [lower, other];
    return shorter.length >= 3 && longer.includes(shorter);
  });
  return related.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))[0];
}
