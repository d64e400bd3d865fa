// The resolver the placeholder tests substitute with (the unit tier and the reference's vectors
// in the acceptance tier): metadata, an environment resource, a sub-provisioner-like one and a static one.
import { ScoreComposeError } from '../../../src/common/errors.js';
import { createResolver, type EnvironmentMode } from '../../../src/placeholders/resolve.js';
import type { ResourceBinding } from '../../../src/placeholders/types.js';
import type { EnvironmentLookup } from '../../../src/provisioners/types.js';

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

/**
 * metadata `{name: test-name, other: {key: value}, annotations: {key.com/foo-bar: thing}}` and
 * resources `env` (`${KEY}`), `db` (`${DB_KEY?required}`) and `static` (outputs `{x: a}`).
 */
export function testResolver(env: EnvironmentMode = 'deferred', processEnv: Record<string, string> = {}) {
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
