import { describe, expect, it } from 'vitest';
import { createEnvironmentLookup } from '../../../src/provisioners/env/env-provisioner.js';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import { findProvisioner } from '../../../src/provisioners/match.js';
import { provisionInput } from './fixtures.js';

// The reference's environment_resource vectors are in test/acceptance/vectors/env-provisioner.test.ts.

describe('environment provisioner matching', () => {
  it('defaults to type environment and matches any class unless one is set', () => {
    const [any, special] = parseProvisionerFile(
      '- {uri: local-env://any}\n- {uri: local-env://special, class: special}',
      'f',
    );
    expect(any!.type).toBe('environment');
    expect(findProvisioner([any!], { type: 'environment', class: 'other', id: 'w.r' })).toBe(any);
    expect(findProvisioner([special!], { type: 'environment', class: 'special', id: 'w.r' })).toBe(special);
    expect(findProvisioner([special!], { type: 'environment', class: 'default', id: 'w.r' })).toBeUndefined();
  });
});

describe('environment lookups', () => {
  it('resolves immediately from the given env, records every key, sorted', () => {
    const lookup = createEnvironmentLookup({ B: 'bee', EMPTY: '' });
    expect(lookup.immediate(['B'])).toBe('bee');
    expect(lookup.immediate(['EMPTY'])).toBe('');
    expect(lookup.deferred(['A'])).toBe('${A}');
    expect(lookup.deferred(['A'])).toBe('${A}');
    expect(lookup.referenced()).toEqual(['A', 'B', 'EMPTY']);
    expect(() => lookup.deferred([])).toThrow('at least one output lookup key is required');
  });

  it('provisions a lookup over the context env and refuses params', async () => {
    const [p] = parseProvisionerFile('- {uri: local-env://e}', 'f');
    const out = await p!.provision(provisionInput({ type: 'environment' }), { projectDir: '/', env: { X: '1' } });
    expect(Object.keys(out)).toEqual(['environmentLookup']);
    expect(out.environmentLookup!.immediate(['X'])).toBe('1');
    await expect(p!.provision(provisionInput({ params: { a: 1 } }), { projectDir: '/', env: {} })).rejects.toThrow(
      'no params expected',
    );
    await expect(p!.provision(provisionInput({ params: {} }), { projectDir: '/', env: {} })).resolves.toHaveProperty(
      'environmentLookup',
    );
  });
});
