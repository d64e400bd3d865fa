import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ScoreComposeError } from '../../../src/common/errors.js';
import type { EnvironmentLookup } from '../../../src/provisioners/types.js';
import { createResolver, type EnvironmentMode } from '../../../src/placeholders/resolve.js';
import { substituteDeep, substituteString } from '../../../src/placeholders/substitute.js';
import type { ResourceBinding } from '../../../src/placeholders/types.js';
import { thrown } from '../../helpers/thrown.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cases = parse(
  readFileSync(path.resolve(repoRoot, '../shared/corpus/score-compose-tests/unit_cases.yaml'), 'utf8'),
) as any;

// An environment lookup as the header comment of `placeholder_substitution` describes it.
function envLookup(deferred: (keys: string[]) => string, processEnv: Record<string, string> = {}): EnvironmentLookup {
  const seen: string[] = [];
  return {
    deferred: (keys) => {
      seen.push(keys.join('.'));
      return deferred(keys);
    },
    immediate: (keys) => {
      const name = keys.join('_');
      const v = processEnv[name];
      if (v === undefined) throw new ScoreComposeError('input', `environment variable '${name}' must be resolved`);
      return v;
    },
    referenced: () => seen,
  };
}

const singleKey = (keys: string[]): string => {
  if (keys.length !== 1) throw new ScoreComposeError('input', 'environment resource only supports a single lookup key');
  return `\${${keys[0]}}`;
};

function testResolver(env: EnvironmentMode = 'deferred', processEnv: Record<string, string> = {}) {
  const bindings: Record<string, ResourceBinding> = {
    env: { uid: 'env', outputs: {}, env: envLookup(singleKey, processEnv) },
    db: { uid: 'db', outputs: {}, env: envLookup((keys) => `\${DB_${keys.join('_').toUpperCase()}?required}`) },
    static: { uid: 'static', outputs: { x: 'a' } },
  };
  return createResolver({
    metadata: { name: 'test-name', other: { key: 'value' }, annotations: { 'key.com/foo-bar': 'thing' } },
    resources: (name) => bindings[name],
    env,
  });
}

describe('placeholder lookups (unit_cases.yaml)', () => {
  const lookups: { ref: string; value?: string; error?: string }[] = cases.placeholder_substitution.lookups;
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
  const strings: { in: string; out?: string; error?: string }[] = cases.placeholder_substitution.strings;
  it('has vectors', () => expect(strings.length).toBeGreaterThan(5));
  for (const c of strings) {
    it(JSON.stringify(c.in), () => {
      const run = () => substituteString(c.in, testResolver(), 'unescape');
      if (c.error !== undefined) expect(thrown(run).message).toBe(c.error);
      else expect(run()).toBe(c.out);
    });
  }

  it('map_error prefixes the path of the failing value', () => {
    const c = cases.placeholder_substitution.map_error;
    expect(thrown(() => substituteDeep(c.in, testResolver())).message).toBe(c.error);
  });
});

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

describe('environment resources (unit_cases.yaml environment_resource)', () => {
  const vectors = (cases.environment_resource as Record<string, unknown>[]).filter((c) => Array.isArray(c.lookup)) as {
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

  it('wraps the env lookup error inside file content, as in the behaviour doc example', () => {
    const err = thrown(() =>
      substituteString('x ${resources.env.UNKNOWN_SCORE_VARIABLE}', testResolver('immediate'), 'unescape'),
    );
    expect(err.message).toBe(
      "invalid ref 'resources.env.UNKNOWN_SCORE_VARIABLE': environment variable 'UNKNOWN_SCORE_VARIABLE' must be resolved",
    );
  });
});
