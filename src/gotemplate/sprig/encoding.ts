/** sprig's encodings, hashes and random functions (random ones from a cryptographic source). */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { type GoNumber, type GoValue } from '../values.js';
import { goBytesToString } from './cast.js';

const S = 'string';
const n = (v: GoValue): number => (typeof v === 'number' ? v : (v as GoNumber).value);

/** The error of base64.StdEncoding.DecodeString (strict padding), or undefined when `s` decodes. */
export function base64Error(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/[\r\n]/g, '')) || s.replace(/[\r\n]/g, '').length % 4 !== 0) {
    const bad = [...s].findIndex((c, i) => !/[A-Za-z0-9+/=\r\n]/.test(c) || (c === '=' && i < s.length - 2));
    return `illegal base64 data at input byte ${bad >= 0 ? bad : Buffer.byteLength(s) - (Buffer.byteLength(s) % 4)}`;
  }
  return undefined;
}

/** base64.StdEncoding.DecodeString; sprig returns the error text instead of failing. */
function b64dec(s: string): string {
  return base64Error(s) ?? Buffer.from(s, 'base64').toString('utf8');
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32.StdEncoding.EncodeToString (padded). */
function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) out += j < chars ? B32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
  }
  return out;
}

/** base32.StdEncoding.DecodeString, its checks and error offsets as Go 1.19 has them; sprig returns the error text. */
function b32dec(input: string): string {
  // Offsets count the bytes left after Go strips \r and \n.
  const src = Buffer.from(input.replace(/[\r\n]/g, ''), 'utf8');
  const olen = src.length;
  const out: number[] = [];
  const fail = (at: number): string => `illegal base32 data at input byte ${at}`;
  let p = 0;
  let end = false;
  while (p < olen && !end) {
    const dbuf: number[] = [];
    let dlen = 8;
    for (let j = 0; j < 8;) {
      if (p === olen) return fail(olen - j);
      const c = src[p++] ?? 0;
      const left = olen - p;
      if (c === 0x3d && j >= 2 && left < 8) {
        if (left + j < 7) return fail(olen);
        for (let k = 0; k < 7 - j; k++) if (left > k && src[p + k] !== 0x3d) return fail(p + k - 1);
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) return fail(p - 1);
        break;
      }
      const v = B32.indexOf(String.fromCharCode(c));
      if (v < 0 || c >= 0x80) return fail(p - 1);
      dbuf[j++] = v;
    }
    let bits = 0n;
    for (let j = 0; j < 8; j++) bits = (bits << 5n) | BigInt(dbuf[j] ?? 0);
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    for (let j = 0; j < n; j++) out.push(Number((bits >> BigInt(32 - 8 * j)) & 255n));
  }
  return goBytesToString(Buffer.from(out));
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function randomFrom(chars: string, count: number): string {
  if (count < 0) throw new GoCallError(`Requested random string length ${count} is less than 0.`);
  let out = '';
  for (let i = 0; i < count; i++) out += chars[randomInt(chars.length)];
  return out;
}

function asciiPrintable(): string {
  let s = '';
  for (let c = 32; c < 127; c++) s += String.fromCharCode(c);
  return s;
}

function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export const ENCODING_FUNCS: [string, TemplateFunction][] = [
  ['b64enc', fn([S], (s) => Buffer.from(s as string, 'utf8').toString('base64'))],
  ['b64dec', fn([S], (s) => b64dec(s as string))],
  ['b32enc', fn([S], (s) => b32enc(s as string))],
  ['b32dec', fn([S], (s) => b32dec(s as string))],
  [
    'sha1sum',
    fn([S], (s) =>
      createHash('sha1')
        .update(s as string, 'utf8')
        .digest('hex'),
    ),
  ],
  [
    'sha256sum',
    fn([S], (s) =>
      createHash('sha256')
        .update(s as string, 'utf8')
        .digest('hex'),
    ),
  ],
  ['adler32sum', fn([S], (s) => String(adler32(s as string)))],
  ['randAlphaNum', fn(['int'], (c) => randomFrom(ALPHA + DIGITS, n(c)))],
  ['randAlpha', fn(['int'], (c) => randomFrom(ALPHA, n(c)))],
  ['randNumeric', fn(['int'], (c) => randomFrom(DIGITS, n(c)))],
  ['randAscii', fn(['int'], (c) => randomFrom(asciiPrintable(), n(c)))],
  ['randBytes', fn(['int'], (c) => randomBytes(Math.max(n(c), 0)).toString('base64'))],
  [
    'randInt',
    fn(['int', 'int'], (a, b) => {
      if (n(b) - n(a) <= 0) throw new GoCallError('invalid argument to Intn');
      return n(a) + randomInt(n(b) - n(a));
    }),
  ],
  ['uuidv4', fn([], () => randomUUID())],
];
