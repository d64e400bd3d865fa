// Random helpers. Values that must stay stable are pinned into provisioner state by the
// templates themselves (`dig "password" Init.randomPassword State`), so these can be
// truly random; they use node:crypto because the values are often passwords.
import { randomInt, randomUUID } from 'node:crypto';
import { type Helper, plain, toCount } from './values.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** The alphabets of the random helpers, exported for tests. */
export const ALPHABETS = {
  alphaNum: LOWER + UPPER + DIGITS,
  alpha: LOWER + UPPER,
  lowerAlphaNum: LOWER + DIGITS,
  numeric: DIGITS,
} as const;

/** `n` characters drawn uniformly from `alphabet` with a cryptographically secure source. */
export function randomString(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A password of `n` alphanumerics holding at least one lower-case, upper-case and digit. */
export function randomPassword(n: number): string {
  for (;;) {
    const candidate = randomString(ALPHABETS.alphaNum, n);
    if (n < 3 || (/[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && /\d/.test(candidate))) return candidate;
  }
}

/** Random helpers by name. */
export const randomHelpers: Record<string, Helper> = {
  /** `randAlphaNum n`: n characters of [A-Za-z0-9]. */
  randAlphaNum: plain((n) => randomString(ALPHABETS.alphaNum, toCount(n, 'randAlphaNum'))),
  /** `randAlpha n`: n characters of [A-Za-z]. */
  randAlpha: plain((n) => randomString(ALPHABETS.alpha, toCount(n, 'randAlpha'))),
  /** `randLowerAlphaNum n`: n characters of [a-z0-9] (for DNS names). */
  randLowerAlphaNum: plain((n) => randomString(ALPHABETS.lowerAlphaNum, toCount(n, 'randLowerAlphaNum'))),
  /** `randNumeric n`: n digits. */
  randNumeric: plain((n) => randomString(ALPHABETS.numeric, toCount(n, 'randNumeric'))),
  /** `randPassword [n]`: n (default 16) alphanumerics with lower, upper and digit; safe in URLs and YAML. */
  randPassword: plain((n) => randomPassword(n === undefined ? 16 : toCount(n, 'randPassword'))),
  /** `uuid`: a random UUID v4. */
  uuid: plain(() => randomUUID()),
};
