// Small statistics and formatting helpers for the bench: medians over repeated runs, ratios of
// paired medians, and the number formats the README tables use.

/** Median of a list of numbers (mean of the middle two for even lengths); NaN when empty. */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Smallest and largest value, for the spread column. */
export function range(values) {
  return values.length === 0 ? [Number.NaN, Number.NaN] : [Math.min(...values), Math.max(...values)];
}

/** Milliseconds as a table cell: whole ms from 100 up, one decimal below. */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(1);
}

/** A ratio as `1.23×`. */
export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

/** Kilobytes (as /usr/bin/time reports them) as MiB with one decimal. */
export function fmtMiB(kb) {
  return Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a';
}

/** `min–max` spread of a list, in ms. */
export function fmtSpread(values) {
  const [lo, hi] = range(values);
  return `${fmtMs(lo)}–${fmtMs(hi)}`;
}
