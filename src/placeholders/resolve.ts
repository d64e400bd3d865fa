// Resolution of `${metadata...}` and `${resources...}` references.
import { ScoreComposeError } from '../common/errors.js';
import { splitReference } from './lex.js';
import type { ResourceBindings, Resolver } from './types.js';
import { isRecord } from '../common/is-record.js';

/** How environment-backed resources are read: `${KEY}` for compose, or the process env now. */
export type EnvironmentMode = 'deferred' | 'immediate';

/** What a resolver resolves against: the workload's metadata and its resources. */
export interface ResolverOptions {
  metadata: Record<string, unknown>;
  resources: ResourceBindings;
  env: EnvironmentMode;
}

/**
 * Builds the resolver for one workload and one field kind: environment references are deferred
 * in variables and volume sources, immediate in file content and resource params.
 */
export function createResolver(opts: ResolverOptions): Resolver {
  return (ref) => {
    const fail = (msg: string): never => {
      throw new ScoreComposeError('input', `invalid ref '${ref}': ${msg}`);
    };
    const [root, ...rest] = splitReference(ref);
    if (root === 'metadata') {
      if (rest.length === 0) {
        throw new ScoreComposeError('input', `invalid ref 'metadata': requires at least a metadata key to lookup`);
      }
      return walk(opts.metadata, rest, fail);
    }
    if (root === 'resources') {
      const [name, ...keys] = rest;
      if (name === undefined) {
        throw new ScoreComposeError('input', `invalid ref 'resources': requires at least a resource name to lookup`);
      }
      const binding = opts.resources(name);
      if (binding === undefined) return fail(`no known resource '${name}'`);
      // A bare `${resources.<name>}` names the resource itself; volume sources rely on it.
      if (keys.length === 0) return binding.uid;
      if (binding.env !== undefined) {
        try {
          return opts.env === 'deferred' ? binding.env.deferred(keys) : binding.env.immediate(keys);
        } catch (err) {
          return fail(err instanceof Error ? err.message : String(err));
        }
      }
      return walk(binding.outputs, keys, fail);
    }
    return fail('unknown reference root, use $$ to escape the substitution');
  };
}

/** Follows `keys` through nested maps; lists are not indexable, as in the reference. */
function walk(start: Record<string, unknown>, keys: string[], fail: (msg: string) => never): unknown {
  let current: unknown = start;
  for (const key of keys) {
    if (!isRecord(current)) return fail(`cannot lookup key '${key}', context is not a map`);
    if (!Object.hasOwn(current, key)) return fail(`key '${key}' not found`);
    current = current[key];
  }
  return current;
}
