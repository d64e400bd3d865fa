import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../src/placeholders/resolve.js';
import { substituteDeep, substituteString } from '../../../src/placeholders/substitute.js';
import { thrown } from '../../helpers/thrown.js';
import { testResolver } from './test-resolver.js';

// The reference's placeholder_substitution and environment_resource vectors are in
// test/acceptance/vectors/placeholders.test.ts.

describe('substituteString', () => {
  it('reports every failing reference of one string, one per line', () => {
    const err = thrown(() => substituteString('${a.b} ${metadata.name} ${metadata.nope}', testResolver(), 'unescape'));
    expect(err.message).toBe(
      "invalid ref 'a.b': unknown reference root, use $$ to escape the substitution\n" +
        "invalid ref 'metadata.nope': key 'nope' not found",
    );
    expect(err.details).toHaveLength(2);
  });

  it('keeps escapes verbatim in keep mode (container variables)', () => {
    expect(substituteString('$$_$${fizzbuzz} ${metadata.name}', testResolver(), 'keep')).toBe(
      '$$_$${fizzbuzz} test-name',
    );
  });

  it('JSON-encodes non-string results with sorted keys; null is "null"', () => {
    const resolve = createResolver({
      metadata: { n: 5432, b: true, z: null, m: { zeta: 1, alpha: [{ y: 1, x: 2 }] } },
      resources: () => undefined,
      env: 'deferred',
    });
    expect(substituteString('${metadata.n}/${metadata.b}/${metadata.z}', resolve, 'unescape')).toBe('5432/true/null');
    expect(substituteString('${metadata.m}', resolve, 'unescape')).toBe('{"alpha":[{"x":2,"y":1}],"zeta":1}');
  });
});

describe('substituteDeep', () => {
  it('substitutes values only, leaves keys and non-strings, and does not mutate', () => {
    const input = { '${metadata.name}': ['${metadata.name}', 3, { k: '$${x}' }], flag: false };
    const before = structuredClone(input);
    expect(substituteDeep(input, testResolver())).toEqual({
      '${metadata.name}': ['test-name', 3, { k: '${x}' }],
      flag: false,
    });
    expect(input).toEqual(before);
  });
});

describe('createResolver', () => {
  it('resolves a bare resources.<name> to the uid', () => {
    const resolve = createResolver({
      metadata: {},
      resources: (n) => (n === 'vol' ? { uid: 'volume.default#w.vol', outputs: {} } : undefined),
      env: 'deferred',
    });
    expect(resolve('resources.vol')).toBe('volume.default#w.vol');
  });

  it('names the missing resource name or metadata key', () => {
    const resolve = testResolver();
    expect(thrown(() => resolve('resources')).message).toBe(
      "invalid ref 'resources': requires at least a resource name to lookup",
    );
    expect(thrown(() => resolve('resources.static.x.y')).message).toBe(
      "invalid ref 'resources.static.x.y': cannot lookup key 'y', context is not a map",
    );
  });

  it('does not walk into lists or inherited properties', () => {
    const resolve = createResolver({ metadata: { l: ['a'] }, resources: () => undefined, env: 'deferred' });
    expect(thrown(() => resolve('metadata.l.0')).message).toBe(
      "invalid ref 'metadata.l.0': cannot lookup key '0', context is not a map",
    );
    expect(thrown(() => resolve('metadata.toString')).message).toBe(
      "invalid ref 'metadata.toString': key 'toString' not found",
    );
  });
});

describe('environment resources', () => {
  it('wraps the env lookup error inside file content, as in the behaviour doc example', () => {
    const err = thrown(() =>
      substituteString('x ${resources.env.UNKNOWN_SCORE_VARIABLE}', testResolver('immediate'), 'unescape'),
    );
    expect(err.message).toBe(
      "invalid ref 'resources.env.UNKNOWN_SCORE_VARIABLE': environment variable 'UNKNOWN_SCORE_VARIABLE' must be resolved",
    );
  });
});
