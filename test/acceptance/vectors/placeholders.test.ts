// The reference's placeholder vectors (score-compose-tests/unit_cases.yaml): dollar escaping in
// command and args, placeholder_substitution lookups and strings, environment_resource lookups.
import { describe, expect, it } from 'vitest';
import { escapeDollarsForCompose } from '../../../src/placeholders/escape-dollars.js';
import { substituteDeep, substituteString } from '../../../src/placeholders/substitute.js';
import { unitCases } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';
import { testResolver } from '../../unit/placeholders/test-resolver.js';

const substitution = unitCases('placeholder_substitution') as any;

describe('escapeDollarsForCompose (unit_cases.yaml)', () => {
  const vectors = unitCases('command_and_args_dollar_escaping') as { in: string; out: string }[];
  it('has vectors', () => expect(vectors.length).toBeGreaterThan(3));
  for (const c of vectors) {
    it(`${c.in} → ${c.out}`, () => expect(escapeDollarsForCompose(c.in)).toBe(c.out));
  }
});

describe('placeholder lookups (unit_cases.yaml)', () => {
  const lookups: { ref: string; value?: string; error?: string }[] = substitution.lookups;
  it('has vectors', () => expect(lookups.length).toBeGreaterThan(5));
  for (const c of lookups) {
    it(`${c.ref} → ${c.error ?? c.value}`, () => {
      // Lookups go through a `${...}` so non-string results are JSON-encoded as the vectors expect.
      const run = () => substituteString(`\${${c.ref}}`, testResolver(), 'unescape');
      if (c.error !== undefined) expect(thrown(run).message).toBe(c.error);
      else expect(run()).toBe(c.value);
    });
  }
});

describe('placeholder strings (unit_cases.yaml)', () => {
  const strings: { in: string; out?: string; error?: string }[] = substitution.strings;
  it('has vectors', () => expect(strings.length).toBeGreaterThan(5));
  for (const c of strings) {
    it(JSON.stringify(c.in), () => {
      const run = () => substituteString(c.in, testResolver(), 'unescape');
      if (c.error !== undefined) expect(thrown(run).message).toBe(c.error);
      else expect(run()).toBe(c.out);
    });
  }

  it('map_error prefixes the path of the failing value', () => {
    const c = substitution.map_error;
    expect(thrown(() => substituteDeep(c.in, testResolver())).message).toBe(c.error);
  });
});

describe('environment resources (unit_cases.yaml environment_resource)', () => {
  const vectors = (unitCases('environment_resource') as Record<string, unknown>[]).filter((c) =>
    Array.isArray(c.lookup),
  ) as {
    lookup: string[];
    deferred?: string;
    immediate_error?: string;
    error?: string;
  }[];
  it('has vectors', () => expect(vectors.length).toBe(2));
  for (const c of vectors) {
    const ref = ['resources', 'env', ...c.lookup].join('.');
    it(`${ref} deferred`, () => {
      const run = () => testResolver('deferred')(ref);
      if (c.error !== undefined) expect(thrown(run).message).toBe(`invalid ref '${ref}': ${c.error}`);
      else expect(run()).toBe(c.deferred);
    });
    if (c.immediate_error !== undefined) {
      it(`${ref} immediate fails when unset and reads the value when set`, () => {
        expect(thrown(() => testResolver('immediate')(ref)).message).toBe(`invalid ref '${ref}': ${c.immediate_error}`);
        expect(testResolver('immediate', { [c.lookup.join('_')]: 'v' })(ref)).toBe('v');
      });
    }
  }
});
