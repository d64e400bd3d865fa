/**
 * sprig's `bcrypt` and `htpasswd`: golang.org/x/crypto/bcrypt's GenerateFromPassword at its default
 * cost (10), `$2a$` hashes. node:crypto has no bcrypt and no usable Blowfish (bcrypt needs its
 * expensive key schedule), so Blowfish is written here. Its initial state is the hexadecimal digits
 * of pi's fraction, computed once (Machin's formula on bigints) rather than written out as tables.
 */
import { randomBytes } from 'node:crypto';
import { fn, type TemplateFunction } from '../function.js';

const P_WORDS = 18;
const S_WORDS = 4 * 256;

let piWords: Uint32Array | undefined;

/** The first 18 + 1024 32-bit words of pi's fraction: Blowfish's P-array then its four S-boxes. */
function blowfishInit(): Uint32Array {
  if (piWords) return piWords;
  const words = P_WORDS + S_WORDS;
  const guard = 64n;
  const bits = BigInt(words * 32) + guard;
  const one = 1n << bits;
  // arctan(1/x) in fixed point.
  const atanInv = (x: bigint): bigint => {
    let term = one / x;
    let sum = term;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k % 2n === 1n ? -term : term) / (2n * k + 1n);
    }
    return sum;
  };
  const pi = 4n * (4n * atanInv(5n) - atanInv(239n));
  const fraction = (pi - 3n * one) >> guard;
  const hex = fraction.toString(16).padStart(words * 8, '0');
  piWords = new Uint32Array(words);
  for (let i = 0; i < words; i++) piWords[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return piWords;
}

/** A Blowfish state: the P-array and the S-boxes in one array (S-box k at 18 + 256k). */
class Blowfish {
  readonly state = blowfishInit().slice();

  private f(x: number): number {
    const s = this.state;
    const a = s[P_WORDS + (x >>> 24)] ?? 0;
    const b = s[P_WORDS + 256 + ((x >>> 16) & 0xff)] ?? 0;
    const c = s[P_WORDS + 512 + ((x >>> 8) & 0xff)] ?? 0;
    const d = s[P_WORDS + 768 + (x & 0xff)] ?? 0;
    return ((((a + b) >>> 0) ^ c) + d) >>> 0;
  }

  encrypt(l0: number, r0: number): [number, number] {
    const p = this.state;
    let l = l0;
    let r = r0;
    for (let i = 0; i < 16; i += 2) {
      l = (l ^ (p[i] ?? 0)) >>> 0;
      r = (r ^ this.f(l)) >>> 0;
      r = (r ^ (p[i + 1] ?? 0)) >>> 0;
      l = (l ^ this.f(r)) >>> 0;
    }
    return [(r ^ (p[17] ?? 0)) >>> 0, (l ^ (p[16] ?? 0)) >>> 0];
  }

  /** Blowfish's key schedule, with bcrypt's salt mixed in when given (ExpandKey / expandKeyWithSalt). */
  expand(key: Buffer, salt?: Buffer): void {
    const s = this.state;
    const stream = (data: Buffer): (() => number) => {
      let j = 0;
      return () => {
        let w = 0;
        for (let k = 0; k < 4; k++) {
          w = ((w << 8) | (data[j] ?? 0)) >>> 0;
          j = (j + 1) % data.length;
        }
        return w;
      };
    };
    const keyWord = stream(key);
    for (let i = 0; i < P_WORDS; i++) s[i] = ((s[i] ?? 0) ^ keyWord()) >>> 0;
    const saltWord = salt ? stream(salt) : () => 0;
    let l = 0;
    let r = 0;
    for (let i = 0; i < s.length; i += 2) {
      [l, r] = this.encrypt((l ^ saltWord()) >>> 0, (r ^ saltWord()) >>> 0);
      s[i] = l;
      s[i + 1] = r;
    }
  }
}

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** bcrypt's base64: its own alphabet, no padding. */
function encode64(b: Buffer): string {
  return [...b.toString('base64').replace(/=+$/, '')].map((c) => ALPHABET[STD.indexOf(c)]).join('');
}

function decode64(s: string): Buffer {
  return Buffer.from([...s].map((c) => STD[ALPHABET.indexOf(c)]).join(''), 'base64');
}

const MAGIC = Buffer.from('OrpheanBeholderScryDoubt');

/** The bcrypt hash of a password with an encoded 22-character salt (its last 31 characters). */
function bcryptHash(password: Buffer, cost: number, salt: string): string {
  const csalt = decode64(salt);
  const ckey = Buffer.concat([password, Buffer.from([0])]);
  const bf = new Blowfish();
  bf.expand(ckey, csalt);
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(ckey);
    bf.expand(csalt);
  }
  const data = Buffer.from(MAGIC);
  for (let i = 0; i < 24; i += 8) {
    let l = data.readUInt32BE(i);
    let r = data.readUInt32BE(i + 4);
    for (let j = 0; j < 64; j++) [l, r] = bf.encrypt(l, r);
    data.writeUInt32BE(l, i);
    data.writeUInt32BE(r, i + 4);
  }
  return encode64(data.subarray(0, 23));
}

/** bcrypt.GenerateFromPassword: `$2a$<cost>$<salt><hash>`. */
export function generateFromPassword(password: string, cost = 10, salt = encode64(randomBytes(16))): string {
  return `$2a$${String(cost).padStart(2, '0')}$${salt}${bcryptHash(Buffer.from(password), cost, salt)}`;
}

export const BCRYPT_FUNCS: [string, TemplateFunction][] = [
  ['bcrypt', fn(['string'], (s) => generateFromPassword(s as string))],
  [
    'htpasswd',
    fn(['string', 'string'], (user, password) =>
      (user as string).includes(':')
        ? `invalid username: ${user as string}`
        : `${user as string}:${generateFromPassword(password as string)}`,
    ),
  ],
];
