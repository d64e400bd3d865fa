// Comparing dotted version numbers: this package's own (`check-version`), Engine API versions.

/** Numeric parts of a dotted version (`1.41` → [1, 41]); a missing or non-numeric part counts as 0. */
function parts(version: string): number[] {
  return version.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
}

/** Compares dotted versions part by part: negative when a < b, 0 when equal (`1.2` equals `1.2.0`). */
export function compareVersions(a: string | readonly number[], b: string | readonly number[]): number {
  const pa = typeof a === 'string' ? parts(a) : a;
  const pb = typeof b === 'string' ? parts(b) : b;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
