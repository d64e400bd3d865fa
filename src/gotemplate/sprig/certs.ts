/**
 * sprig's certificates: `genCA`, `genSelfSignedCert`, `genSignedCert` (and their `WithKey` forms) and
 * `buildCustomCert`, giving a `sprig.certificate` struct (`.Cert`, `.Key`, PEM). node:crypto signs but
 * cannot build certificates, so the DER is written here as Go's x509.CreateCertificate writes it for
 * sprig's template: v3, a random 128-bit serial, the subject `CN=<cn>`, the validity in UTCTime
 * (GeneralizedTime outside 1950-2049), and the extensions in Go's order (key usage, extended key usage
 * server and client auth, basic constraints, a subject key id for a CA, the authority key id of a
 * signed certificate, the alternative names).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { formatValue } from '../format.js';
import { GoSlice, GoStruct, type GoValue } from '../values.js';
import { base64Error } from './encoding.js';
import { der, derChildren, derInt, derRead, keyPem, pemEncode } from './crypto.js';

const S = 'string';
const LIST = '[]interface {}';
const CERT = 'sprig.certificate';

/** An OBJECT IDENTIFIER from its dotted form. */
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const base128: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      base128.unshift((v % 128) | (base128.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

const seq = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
const octets = (b: Buffer): Buffer => der(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => der(0x03, Buffer.from([unused]), b);

/** PrintableString when every character allows it (no `*` or `&`), else UTF8String, as encoding/asn1 picks. */
function asn1String(s: string): Buffer {
  const printable = /^[a-zA-Z0-9'()+,\-./:=? ]*$/.test(s);
  return der(printable ? 0x13 : 0x0c, Buffer.from(s, 'utf8'));
}

/** pkix.Name{CommonName: cn} as an RDNSequence (empty when cn is). */
function subjectOf(cn: string): Buffer {
  if (cn === '') return seq();
  return seq(der(0x31, seq(oid('2.5.4.3'), asn1String(cn))));
}

/** UTCTime for 1950-2049, GeneralizedTime otherwise, to the second. */
function asn1Time(ms: number): Buffer {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const rest = [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
  if (y >= 1950 && y < 2050) return der(0x17, Buffer.from(`${String(y % 100).padStart(2, '0')}${rest}Z`));
  return der(0x18, Buffer.from(`${String(y).padStart(4, '0')}${rest}Z`));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), octets(value));
}

/** The bytes of an IP address as x509 writes them: 4 for IPv4 (and IPv4-mapped IPv6), else 16. */
function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  let head = ip;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (tail?.[1]) {
    // An embedded IPv4 tail becomes its two last groups.
    const v4 = tail[1].split('.').map(Number);
    head = `${ip.slice(0, tail.index)}:${((v4[0] ?? 0) * 256 + (v4[1] ?? 0)).toString(16)}:${((v4[2] ?? 0) * 256 + (v4[3] ?? 0)).toString(16)}`;
  }
  const [left = '', right] = head.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const all = [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  if (out.subarray(0, 10).every((b) => b === 0) && out[10] === 0xff && out[11] === 0xff) return out.subarray(12);
  return out;
}

/** sprig's getNetIPs and getAlternateDNSStrs: every element a string (an IP that parses). */
function stringsOf(v: GoValue, what: 'ip' | 'dns'): string[] {
  const items = v instanceof GoSlice ? (v.items ?? []) : [];
  return items.map((x) => {
    if (typeof x !== 'string') {
      throw new GoCallError(
        what === 'ip'
          ? `error parsing ip: ${formatValue(x)} is not a string`
          : `error processing alternate dns name: ${formatValue(x)} is not a string`,
      );
    }
    if (what === 'ip' && !isIPv4(x) && !isIPv6(x.replace(/%.*$/, ''))) throw new GoCallError(`error parsing ip: ${x}`);
    if (what === 'ip' && x.includes('%')) throw new GoCallError(`error parsing ip: ${x}`);
    return x;
  });
}

/** The signature algorithm Go picks for a key, and the digest node signs with. */
function signingParams(key: KeyObject): { alg: Buffer; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { alg: seq(oid('1.2.840.113549.1.1.11'), der(0x05)), digest: 'sha256' };
    case 'ed25519':
      return { alg: seq(oid('1.3.101.112')), digest: null };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { alg: seq(oid('1.2.840.10045.4.3.3')), digest: 'sha384' };
      if (curve === 'secp521r1') return { alg: seq(oid('1.2.840.10045.4.3.4')), digest: 'sha512' };
      if (curve === 'prime256v1' || curve === 'secp224r1') {
        return { alg: seq(oid('1.2.840.10045.4.3.2')), digest: 'sha256' };
      }
    }
  }
  // Go's DSA keys are no crypto.Signer; other key types do not parse there.
  throw new GoCallError('error creating certificate: x509: certificate private key does not implement crypto.Signer');
}

/** The parts of a parent certificate CreateCertificate uses: its raw subject, key id and public key. */
interface Parent {
  readonly subject: Buffer;
  readonly subjectKeyId?: Buffer;
  readonly spki?: Buffer;
}

interface Template {
  readonly cn: string;
  readonly ips: string[];
  readonly dns: string[];
  readonly days: number;
  readonly isCA: boolean;
}

/** x509.CreateCertificate(template, parent, signee's public key, signer) as PEM, with the signee's key PEM. */
function createCertificate(t: Template, signee: KeyObject, parent: Parent | undefined, signer: KeyObject): GoValue {
  const { alg, digest } = signingParams(signer);
  if (signee.asymmetricKeyType === 'dsa') {
    throw new GoCallError('error creating certificate: x509: unsupported public key type: *dsa.PublicKey');
  }
  const spki = createPublicKey(signee).export({ type: 'spki', format: 'der' });
  if (parent?.spki && !parent.spki.equals(createPublicKey(signer).export({ type: 'spki', format: 'der' }))) {
    throw new GoCallError("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
  }
  const subject = subjectOf(t.cn);
  const issuer = parent?.subject ?? subject;
  const keyBits = (derChildren(derRead(spki).body)[1]?.body ?? Buffer.alloc(1)).subarray(1);
  const now = Date.now();
  const extensions: Buffer[] = [
    // KeyEncipherment | DigitalSignature (| CertSign), bit-reversed as a BIT STRING.
    extension('2.5.29.15', true, t.isCA ? bits(Buffer.from([0xa4]), 2) : bits(Buffer.from([0xa0]), 5)),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, t.isCA ? seq(der(0x01, Buffer.from([0xff]))) : seq()),
  ];
  if (t.isCA) extensions.push(extension('2.5.29.14', false, octets(createHash('sha1').update(keyBits).digest())));
  if (parent?.subjectKeyId && !issuer.equals(subject)) {
    extensions.push(extension('2.5.29.35', false, seq(der(0x80, parent.subjectKeyId))));
  }
  if (t.dns.length > 0 || t.ips.length > 0) {
    const names = [...t.dns.map((d) => der(0x82, Buffer.from(d))), ...t.ips.map((ip) => der(0x87, ipBytes(ip)))];
    extensions.push(extension('2.5.29.17', false, seq(...names)));
  }
  const serial = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const tbs = seq(
    der(0xa0, derInt(2n)),
    derInt(serial),
    alg,
    issuer,
    seq(asn1Time(now), asn1Time(now + t.days * 86_400_000)),
    subject,
    spki,
    der(0xa3, seq(...extensions)),
  );
  const signature = sign(digest, tbs, signer);
  const cert = seq(tbs, alg, bits(signature));
  return certificate(pemEncode('CERTIFICATE', cert), keyPem(signee));
}

function certificate(cert: string, key: string): GoStruct {
  return new GoStruct(
    CERT,
    new Map([
      ['Cert', { type: S, value: cert }],
      ['Key', { type: S, value: key }],
    ]),
  );
}

/** pem.Decode's first block: its type and bytes. */
function pemDecode(text: string): { type: string; bytes: Buffer } | undefined {
  const m = /-----BEGIN ([^\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  return { type: m[1] ?? '', bytes: Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64') };
}

/** sprig's parsePrivateKeyPEM: PKCS#8, PKCS#1 RSA, SEC 1 EC, or sprig's DSA form. */
function parsePrivateKey(text: string): KeyObject {
  const block = pemDecode(text);
  if (!block) throw new GoCallError('no PEM data in input');
  const kinds: Record<string, 'pkcs8' | 'pkcs1' | 'sec1' | 'dsa'> = {
    'PRIVATE KEY': 'pkcs8',
    'RSA PRIVATE KEY': 'pkcs1',
    'EC PRIVATE KEY': 'sec1',
    'DSA PRIVATE KEY': 'dsa',
  };
  const kind = Object.hasOwn(kinds, block.type) ? kinds[block.type] : undefined;
  if (!kind) {
    throw new GoCallError(
      block.type.endsWith(' PRIVATE KEY')
        ? `invalid private key type ${block.type}`
        : `no private key data in PEM block of type ${block.type}`,
    );
  }
  try {
    const key =
      kind === 'dsa'
        ? createPrivateKey(pemEncode(block.type, block.bytes))
        : createPrivateKey({ key: block.bytes, format: 'der', type: kind });
    if (kind === 'pkcs8' && !['rsa', 'ec', 'ed25519'].includes(key.asymmetricKeyType ?? '')) {
      throw new Error(`unknown algorithm ${key.asymmetricKeyType}`);
    }
    return key;
  } catch (e) {
    throw new GoCallError(`parsing private key from PEM: ${(e as Error).message}`);
  }
}

/** The parts of a PEM certificate a signed certificate needs (x509.ParseCertificate's checks are OpenSSL's). */
function parseParent(text: string): Parent {
  const block = pemDecode(text);
  if (!block) throw new GoCallError('unable to decode certificate');
  try {
    new X509Certificate(block.bytes);
  } catch (e) {
    throw new GoCallError(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
  const tbs = derChildren(derRead(block.bytes).body)[0];
  const parts = derChildren(tbs?.body ?? Buffer.alloc(0));
  const fields = parts[0]?.tag === 0xa0 ? parts.slice(1) : parts;
  const subject = fields[4];
  const spki = fields[5];
  let subjectKeyId: Buffer | undefined;
  const exts = parts.find((p) => p.tag === 0xa3);
  for (const ext of derChildren(derRead(exts?.body ?? Buffer.alloc(0)).body)) {
    const [id, ...rest] = derChildren(ext.body);
    if (id?.body.equals(oid('2.5.29.14').subarray(2)))
      subjectKeyId = derRead(rest[rest.length - 1]?.body ?? Buffer.alloc(0)).body;
  }
  if (!subject || !spki || !tbs) throw new GoCallError('unable to decode certificate');
  const full = (d: { start: number; end: number }): Buffer => (tbs.body as Buffer).subarray(d.start, d.end);
  return { subject: full(subject), spki: full(spki), ...(subjectKeyId ? { subjectKeyId } : {}) };
}

/** sprig's certificates without a key of their own get an RSA 2048 one. */
const rsa2048 = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function template(cn: GoValue, ips: GoValue, dns: GoValue, days: GoValue, isCA: boolean): Template {
  return { cn: cn as string, ips: stringsOf(ips, 'ip'), dns: stringsOf(dns, 'dns'), days: days as number, isCA };
}

/** sprig reads the CA before the template's addresses, so its errors come first. */
function signed(t: () => Template, ca: GoValue, key: KeyObject): GoValue {
  const fields = (ca as GoStruct).fields;
  const parent = parseParent(fields.get('Cert')?.value as string);
  let signer: KeyObject;
  try {
    signer = parsePrivateKey(fields.get('Key')?.value as string);
  } catch (e) {
    throw new GoCallError(`error parsing private key: ${(e as Error).message}`);
  }
  return createCertificate(t(), key, parent, signer);
}

function withKey(pem: GoValue): KeyObject {
  try {
    return parsePrivateKey(pem as string);
  } catch (e) {
    throw new GoCallError(`parsing private key: ${(e as Error).message}`);
  }
}

function buildCustomCert(b64cert: string, b64key: string): GoValue {
  if (base64Error(b64cert) !== undefined) throw new GoCallError('unable to decode base64 certificate');
  if (base64Error(b64key) !== undefined) throw new GoCallError('unable to decode base64 private key');
  const cert = Buffer.from(b64cert, 'base64').toString('latin1');
  const key = Buffer.from(b64key, 'base64').toString('latin1');
  const block = pemDecode(cert);
  if (!block) throw new GoCallError('unable to decode certificate');
  try {
    new X509Certificate(block.bytes);
  } catch (e) {
    throw new GoCallError(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
  }
  try {
    parsePrivateKey(key);
  } catch (e) {
    throw new GoCallError(`error parsing private key: ${(e as Error).message}`);
  }
  return certificate(Buffer.from(cert, 'latin1').toString('utf8'), Buffer.from(key, 'latin1').toString('utf8'));
}

export const CERT_FUNCS: [string, TemplateFunction][] = [
  [
    'genCA',
    fn([S, 'int'], (cn, days) => {
      const key = rsa2048();
      return createCertificate(template(cn, null, null, days, true), key, undefined, key);
    }),
  ],
  [
    'genCAWithKey',
    fn([S, 'int', S], (cn, days, pem) => {
      const key = withKey(pem);
      return createCertificate(template(cn, null, null, days, true), key, undefined, key);
    }),
  ],
  [
    'genSelfSignedCert',
    fn([S, LIST, LIST, 'int'], (cn, ips, dns, days) => {
      const key = rsa2048();
      return createCertificate(template(cn, ips, dns, days, false), key, undefined, key);
    }),
  ],
  [
    'genSelfSignedCertWithKey',
    fn([S, LIST, LIST, 'int', S], (cn, ips, dns, days, pem) => {
      const key = withKey(pem);
      return createCertificate(template(cn, ips, dns, days, false), key, undefined, key);
    }),
  ],
  [
    'genSignedCert',
    fn([S, LIST, LIST, 'int', CERT], (cn, ips, dns, days, ca) => {
      return signed(() => template(cn, ips, dns, days, false), ca, rsa2048());
    }),
  ],
  [
    'genSignedCertWithKey',
    fn([S, LIST, LIST, 'int', CERT, S], (cn, ips, dns, days, ca, pem) => {
      const key = withKey(pem);
      return signed(() => template(cn, ips, dns, days, false), ca, key);
    }),
  ],
  ['buildCustomCert', fn([S, S], (c, k) => buildCustomCert(c as string, k as string))],
];
