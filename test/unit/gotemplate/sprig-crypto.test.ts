// sprig's key functions on their own: the oracle tier compares their shape with Go's; here each key
// is read back by node:crypto (OpenSSL), which knows every PEM form sprig writes.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GoTemplate } from '../../../src/gotemplate/template.js';
import { SPRIG_FUNCS } from '../../../src/gotemplate/sprig/index.js';

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
