import { describe, expect, it } from 'vitest';
import { createEnvironmentLookup } from '../../../src/provisioners/env/env-provisioner.js';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import { findProvisioner } from '../../../src/provisioners/match.js';
import { provisionInput } from './fixtures.js';
import { unitCases } from './unit-cases.js';

type EnvCase = {
  lookup?: string[];
  deferred?: string;
  immediate_error?: string;
  error?: string;
  parse?: { errors: Record<string, string> };
};
const cases = unitCases('environment_resource') as EnvCase[];

describe('environment_resource vectors', () => {
  for (const c of cases.filter((x) => x.lookup)) {
    it(c.lookup!.join('.'), () => {
      const lookup = createEnvironmentLookup({});
      if (c.error) {
        expect(() => lookup.deferred(c.lookup!)).toThrow(c.error);
        expect(() => lookup.immediate(c.lookup!)).toThrow(c.error);
        return;
      }
      expect(lookup.deferred(c.lookup!)).toBe(c.deferred);
      expect(() => lookup.immediate(c.lookup!)).toThrow(c.immediate_error!);
    });
  }

  const parse = cases.find((x) => x.parse)!.parse!;
  it('parse errors', () => {
    expect(() => parseProvisionerFile('- {uri: local-env://x, bogus: 1}', 'f')).toThrow(
      parse.errors['unknown field bogus']!,
    );
    expect(() => parseProvisionerFile('- {uri: local-env://x, id: y}', 'f')).toThrow(
      'field id not found in environment provisioner',
    );
  });

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
