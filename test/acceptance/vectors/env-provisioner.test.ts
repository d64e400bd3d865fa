// The reference's environment_resource vectors (score-compose-tests/unit_cases.yaml): lookups and parse errors.
import { describe, expect, it } from 'vitest';
import { createEnvironmentLookup } from '../../../src/provisioners/env/env-provisioner.js';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import { unitCases } from '../../helpers/corpus.js';

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
});
