/**
 * sprig's password, key and encryption functions (crypto.go): `derivePassword` (the Master Password
 * algorithm: scrypt, then HMAC-SHA256 choosing characters from templates), `genPrivateKey` (PEM as
 * Go's x509 and sprig marshal each key type), `encryptAES`/`decryptAES` (AES-256-CBC, PKCS#7 padding,
 * the IV first, base64). Everything runs on node:crypto.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import type { GoNumber } from '../values.js';
import { goBytesToString } from './cast.js';
import { base64Error } from './encoding.js';

const S = 'string';

/** encoding/pem.EncodeToMemory: base64 in lines of 64 characters. */
export function pemEncode(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => `${l}\n`).join('')}-----END ${type}-----\n`;
}

/** One DER element: its tag, its contents, and where the next element starts. */
interface Der {
  readonly start: number;
  readonly tag: number;
  readonly body: Buffer;
  readonly end: number;
}

/** Reads the DER element at `pos`. */
export function derRead(buf: Buffer, pos = 0): Der {
  const tag = buf[pos] ?? 0;
  let len = buf[pos + 1] ?? 0;
  let at = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[at + i] ?? 0);
    at += n;
  }
  return { start: pos, tag, body: buf.subarray(at, at + len), end: at + len };
}

/** The elements of a constructed DER value. */
export function derChildren(body: Buffer): Der[] {
  const out: Der[] = [];
  for (let pos = 0; pos < body.length;) {
    const d = derRead(body, pos);
    out.push(d);
    pos = d.end;
  }
  return out;
}

/** A DER element from its tag and contents. */
export function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** A DER INTEGER (two's complement, minimal). */
export function derInt(v: bigint): Buffer {
  if (v === 0n) return der(0x02, Buffer.from([0]));
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(0x02, bytes);
}

const toBig = (b: Buffer): bigint => (b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`));

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** sprig's DSA PRIVATE KEY: SEQUENCE { version 0, p, q, g, y, x }, from node's PKCS#8 of the key. */
function dsaPem(key: KeyObject): string {
  const pkcs8 = derChildren(derRead(key.export({ type: 'pkcs8', format: 'der' })).body);
  const params = derChildren(derChildren(pkcs8[1]?.body ?? Buffer.alloc(0))[1]?.body ?? Buffer.alloc(0));
  const [p, q, g] = params.map((d) => toBig(d.body));
  const x = toBig(derRead(pkcs8[2]?.body ?? Buffer.alloc(0)).body);
  if (p === undefined || q === undefined || g === undefined) throw new GoCallError('failed to generate dsa params');
  const y = modPow(g, x, p);
  return pemEncode('DSA PRIVATE KEY', der(0x30, derInt(0n), derInt(p), derInt(q), derInt(g), derInt(y), derInt(x)));
}

/** The private key of a type as sprig generates it (RSA 4096, DSA L2048N256, ECDSA P-256, Ed25519). */
export function generateKey(typ: string): KeyObject | undefined {
  switch (typ) {
    case '':
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey;
    case 'dsa':
      return generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
    case 'ecdsa':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').privateKey;
  }
  return undefined;
}

/** sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, its own form for DSA, PKCS#8 otherwise. */
export function keyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'dsa':
      return dsaPem(key);
  }
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function genPrivateKey(typ: string): string {
  const key = generateKey(typ);
  return key ? keyPem(key) : `Unknown type ${typ}`;
}

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';

/** The Master Password templates: one class of character per position. */
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, type) ? PASSWORD_TEMPLATES[type] : undefined;
  if (!templates) return `cannot find password template ${type}`;
  const seed = Buffer.from(MASTER_PASSWORD_SEED);
  const userBytes = Buffer.from(user);
  const salt = Buffer.concat([seed, u32(userBytes.length), userBytes]);
  // scrypt N=32768, r=8 needs 32 MiB, node's default limit: allow a little more.
  const key = scryptSync(Buffer.from(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const siteBytes = Buffer.from(site);
  const hmac = createHmac('sha256', key)
    .update(Buffer.concat([seed, u32(siteBytes.length), siteBytes, u32(counter)]))
    .digest();
  const template = templates[(hmac[0] ?? 0) % templates.length] ?? '';
  return [...template]
    .map((cls, i) => {
      const chars = TEMPLATE_CHARACTERS[cls] ?? '';
      return chars[(hmac[i + 1] ?? 0) % chars.length];
    })
    .join('');
}

/** The AES-256 key sprig makes of a password: its bytes, cut or zero-padded to 32. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password).copy(key);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const err = base64Error(crypt64);
  if (err !== undefined) throw new GoCallError(err);
  const crypt = Buffer.from(crypt64, 'base64');
  // Go panics on what sprig does not check: a short input, partial blocks, padding longer than the text.
  if (crypt.length < 16)
    throw new GoCallError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new GoCallError('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new GoCallError('runtime error: index out of range [-1]');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  // sprig drops as many bytes as the last one says, without checking the padding.
  const pad = plain[plain.length - 1] ?? 0;
  if (pad > plain.length) {
    throw new GoCallError(`runtime error: slice bounds out of range [:${plain.length - pad}]`);
  }
  return goBytesToString(plain.subarray(0, plain.length - pad));
}

export const CRYPTO_FUNCS: [string, TemplateFunction][] = [
  ['genPrivateKey', fn([S], (t) => genPrivateKey(t as string))],
  [
    'derivePassword',
    fn(['uint32', S, S, S, S], (c, t, p, u, s) =>
      derivePassword((c as GoNumber).value, t as string, p as string, u as string, s as string),
    ),
  ],
  ['encryptAES', fn([S, S], (p, t) => encryptAES(p as string, t as string))],
  ['decryptAES', fn([S, S], (p, t) => decryptAES(p as string, t as string))],
];
