/** sprig's encodings, hashes and random functions (random ones from a cryptographic source). */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { type GoNumber, type GoValue } from '../values.js';

const S = 'string';
const n = (v: GoValue): number => (typeof v === 'number' ? v : (v as GoNumber).value);

/** base64.StdEncoding.DecodeString: strict padding; sprig returns the error text instead of failing. */
function b64dec(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/[\r\n]/g, '')) || s.replace(/[\r\n]/g, '').length % 4 !== 0) {
    const bad = [...s].findIndex((c, i) => !/[A-Za-z0-9+/=\r\n]/.test(c) || (c === '=' && i < s.length - 2));
    return `illegal base64 data at input byte ${bad >= 0 ? bad : Buffer.byteLength(s) - (Buffer.byteLength(s) % 4)}`;
  }
  return Buffer.from(s, 'base64').toString('utf8');
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
