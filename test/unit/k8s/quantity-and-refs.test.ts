import { describe, expect, it } from 'vitest';
import { canonicalQuantity, isQuantity } from '../../../src/k8s/quantity.js';
import { decodeSecretRefs, encodeSecretRef, findSecretRef } from '../../../src/k8s/secret-refs.js';
import { secretRefVariableName } from '../../../src/k8s/convert/variables.js';

describe('canonicalQuantity', () => {
  it.each([
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['2000', '2k'],
    ['1024', '1024'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['10Mi', '10Mi'],
    ['0.5Ki', '512'],
    ['128M', '128M'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['0.0000000001', '1n'],
    ['0', '0'],
    ['.5', '500m'],
  ])('%s → %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it('refuses what Kubernetes refuses', () => {
    for (const bad of ['', '1.2.3', '10 Mi', 'Mi', '1mi', '1KiB', 'abc']) {
      expect(isQuantity(bad)).toBe(false);
      expect(() => canonicalQuantity(bad)).toThrow(/quantities must match/);
    }
  });
});

describe('secret references', () => {
  it('round-trips and splits around references', () => {
    const ref = encodeSecretRef('pg-abc', 'pass_word');
    expect(ref).toBe('🔐💬pg-abc_pass_word💬🔐');
    expect(decodeSecretRefs(`a${ref}b${ref}`)).toEqual({
      parts: ['a', 'b', ''],
      refs: [
        { name: 'pg-abc', key: 'pass_word' },
        { name: 'pg-abc', key: 'pass_word' },
      ],
    });
    expect(decodeSecretRefs('no refs 🔐💬 unclosed')).toEqual({ parts: ['no refs 🔐💬 unclosed'], refs: [] });
    expect(() => decodeSecretRefs('🔐💬nokey💬🔐')).toThrow(/no '_'/);
  });

  it('finds a reference left anywhere in a manifest', () => {
    expect(findSecretRef({ a: [{ b: 'x' }, { c: encodeSecretRef('s', 'k') }] })).toBe('.a.1.c');
    expect(findSecretRef({ a: ['🔐💬 alone'] })).toBeUndefined();
  });

  it('names helper variables as score-k8s does (values from Go hash/fnv New128)', () => {
    expect(secretRefVariableName({ name: 'pg-abc', key: 'password' })).toBe('__ref_gY4UpelR0DG7ZFQchsEiqg');
    expect(secretRefVariableName({ name: 'redis-x1', key: 'password' })).toBe('__ref_LVM0cGqSLLwWrcD2jrX8xQ');
    expect(secretRefVariableName({ name: '', key: '' })).toBe('__ref_bGInLge7AUJiuCF1YpXFjQ');
  });
});

describe('the schema check the k8s tests rely on', () => {
  it('rejects an invalid manifest and an unknown kind', async () => {
    const { validateManifest } = await import('../../helpers/k8s-schema.js');
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } };
    expect(() => validateManifest({ ...deployment, spec: { replicas: 'two' } })).toThrow(/Deployment x/);
    expect(() => validateManifest({ apiVersion: 'v1', kind: 'Nope', metadata: { name: 'x' } })).toThrow(/no schema/);
    expect(() =>
      validateManifest({
        ...deployment,
        spec: { selector: {}, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      }),
    ).not.toThrow();
  });
});
