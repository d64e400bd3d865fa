// sprig's key functions on their own: the oracle tier compares their shape with Go's; here each key
// is read back by node:crypto (OpenSSL), which knows every PEM form sprig writes.
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GoTemplate } from '../../../src/gotemplate/template.js';
import { SPRIG_FUNCS } from '../../../src/gotemplate/sprig/index.js';
import { generateFromPassword } from '../../../src/gotemplate/sprig/bcrypt.js';
import { GO_CA_CERT, GO_CA_KEY } from '../../oracle/cert-fixtures.js';

const render = (t: string): string => GoTemplate.parse(t, { funcs: SPRIG_FUNCS }).execute(null);

describe('genPrivateKey', () => {
  it.each([
    ['ecdsa', 'ec'],
    ['ed25519', 'ed25519'],
    ['dsa', 'dsa'],
    ['rsa', 'rsa'],
  ])('%s gives a PEM key OpenSSL reads, whose public part verifies its signatures', (typ, keyType) => {
    const key = createPrivateKey(render(`{{ genPrivateKey "${typ}" }}`));
    expect(key.asymmetricKeyType).toBe(keyType);
    const algorithm = keyType === 'ed25519' ? null : 'sha256';
    const data = Buffer.from('signed');
    expect(verify(algorithm, data, createPublicKey(key), sign(algorithm, data, key))).toBe(true);
  });
});

/**
 * A certificate's DER as a list of elements (depth, tag, and the value where it does not vary between
 * two certificates of the same key and name: not serials, times, or the signature).
 */
function skeleton(pem: string): string[] {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const out: string[] = [];
  const walk = (buf: Buffer, depth: number): void => {
    for (let pos = 0; pos < buf.length;) {
      const tag = buf[pos] ?? 0;
      let len = buf[pos + 1] ?? 0;
      let at = pos + 2;
      if (len & 0x80) {
        const n = len & 0x7f;
        len = buf.readUIntBE(at, n);
        at += n;
      }
      const body = buf.subarray(at, at + len);
      const varies = tag === 0x02 || tag === 0x17 || tag === 0x18 || (tag === 0x03 && depth === 1);
      out.push(`${depth} ${tag.toString(16)} ${tag & 0x20 || varies ? '' : body.toString('hex')}`);
      if (tag & 0x20) walk(body, depth + 1);
      pos = at + len;
    }
  };
  walk(der, 0);
  return out;
}

describe('certificates', () => {
  it("are Go's, element for element, for the same key and name", () => {
    const pem = render(`{{ (genCAWithKey "Go CA" 3650 "${GO_CA_KEY.replace(/\n/g, '\\n')}").Cert }}`);
    expect(skeleton(GO_CA_CERT).length).toBeGreaterThan(30);
    expect(skeleton(pem)).toEqual(skeleton(GO_CA_CERT));
  });

  const certOf = (t: string): X509Certificate => new X509Certificate(render(t));

  it('genCA makes a CA certificate that signs what genSignedCert makes', () => {
    const out = render(
      '{{ $ca := genCA "my ca" 30 }}{{ $ca.Cert }}|{{ $c := genSignedCert "svc.example" (list "10.0.0.1" "::1") (list "a.example") 2 $ca }}{{ $c.Cert }}|{{ $c.Key }}',
    );
    const [caPem = '', certPem = '', keyPem = ''] = out.split('|');
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=my ca');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.issuer).toBe('CN=my ca');
    expect(cert.subject).toBe('CN=svc.example');
    expect(cert.subjectAltName).toBe('DNS:a.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).toBe(2);
  });

  it.each(['ecdsa', 'ed25519', 'rsa'])('genSelfSignedCertWithKey signs with a %s key', (typ) => {
    const cert = certOf(`{{ (genSelfSignedCertWithKey "self" nil (list "x") 1 (genPrivateKey "${typ}")).Cert }}`);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:x');
  });
});

describe('bcrypt', () => {
  // Hashes made by golang.org/x/crypto/bcrypt (GenerateFromPassword); the same salt must give the same hash.
  it.each([
    ['password', '$2a$04$HyLll1sMK46QAKtnxtCikOcG5b3E9xxyoWgWNNt5oQj8GT6Urjo02'],
    ['', '$2a$04$KBtYJqjINgdzUPOREARPZulZAurk5upj/KgbiQjHxWzHeW/IeRkC6'],
    [
      'pässwörd with a long tail that goes beyond seventy-two bytes for sure, yes it does',
      '$2a$05$q1AS3BD4rP4Fn1VSMw9nve.aqj0Mzbk3SNeSo5SB8Ryfipk6ed0y2',
    ],
    ['x', '$2a$10$JsNIQ.t03lusmFRi7f.nCuO/7lKdeAzj.GYaMR/1p042kIXDrIZiK'],
  ])('hashes %j as Go does', (password, hash) => {
    expect(generateFromPassword(password, Number(hash.slice(4, 6)), hash.slice(7, 29))).toBe(hash);
  });
});
