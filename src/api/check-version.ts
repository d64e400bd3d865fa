import { userError } from '../common/errors.js';
import { compareVersions } from '../common/compare-versions.js';

const CONSTRAINT = /^(>|>=|=)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)/;

/**
 * Checks `current` against a constraint like `>=0.1`, `>1.2.3` or `=1`. A constraint
 * without an operator means `=` (the reference's never matches, a known quirk).
 */
export function checkVersion(constraint: string, current: string): void {
  const c = CONSTRAINT.exec(constraint);
  if (!c) throw userError('usage', `invalid constraint '${constraint}'`, { hint: "use '>=1.2.3', '>1.2', or '=1'" });
  const v = VERSION.exec(current);
  if (!v) throw userError('input', `current version is missing or invalid '${current}'`);
  const wanted = [c[2], c[3], c[4]].map((p) => Number(p ?? 0));
  const have = [v[1], v[2], v[3]].map(Number);
  const cmp = compareVersions(have, wanted);
  const op = c[1] ?? '=';
  const ok = op === '>' ? cmp > 0 : op === '>=' ? cmp >= 0 : cmp === 0;
  if (!ok) throw userError('input', `current version ${current} does not match requested constraint ${constraint}`);
}
