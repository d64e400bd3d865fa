// Resolution of `${metadata...}` and `${resources...}` references.
import { ScoreComposeError } from '../common/errors.js';
import { suggestName } from '../common/did-you-mean.js';
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

/** A `${ref}` that does not resolve; `ref` is the text between the braces, to find it in the source. */
export class UnresolvedReference extends ScoreComposeError {
  readonly ref: string;

  constructor(ref: string, message: string, hint?: string) {
    super('input', message, hint === undefined ? {} : { hint });
    this.ref = ref;
  }
}

/**
 * Builds the resolver for one workload and one field kind: environment references are deferred
 * in variables and volume sources, immediate in file content and resource params.
 */
export function createResolver(opts: ResolverOptions): Resolver {
  return (ref) => {
    const fail = (msg: string, hint?: string): never => {
      throw new UnresolvedReference(ref, `invalid ref '${ref}': ${msg}`, hint);
    };
    const [root, ...rest] = splitReference(ref);
    if (root === 'metadata') {
      if (rest.length === 0) {
        throw new UnresolvedReference(ref, `invalid ref 'metadata': requires at least a metadata key to lookup`);
      }
      return walk(opts.metadata, rest, { owner: 'metadata', noun: 'keys' }, fail);
    }
    if (root === 'resources') {
      const [name, ...keys] = rest;
      if (name === undefined) {
        throw new UnresolvedReference(ref, `invalid ref 'resources': requires at least a resource name to lookup`);
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
      return walk(binding.outputs, keys, { owner: `resource '${name}' (${binding.uid})`, noun: 'outputs' }, fail);
    }
    return fail('unknown reference root, use $$ to escape the substitution', rootHint(root ?? ''));
  };
}

function rootHint(root: string): string {
  const guess = suggestName(root, ['metadata', 'resources']);
  const form = 'a placeholder reads ${metadata.<key>} or ${resources.<name>.<output>}';
  return guess === undefined ? `${form}; write $\${ for a literal \${` : `did you mean '${guess}'? ${form}`;
}

/**
 * Follows `keys` through nested maps; lists are not indexable, as in the reference. A missing key
 * is reported with the keys that exist there (names only: outputs may be secrets).
 */
function walk(
  start: Record<string, unknown>,
  keys: string[],
  top: Holder,
  fail: (msg: string, hint?: string) => never,
): unknown {
  let current: unknown = start;
  let holder = top;
  for (const key of keys) {
    if (!isRecord(current)) return fail(`cannot lookup key '${key}', context is not a map`);
    if (!Object.hasOwn(current, key)) return fail(`key '${key}' not found`, missingKeyHint(key, current, holder));
    current = current[key];
    holder = { owner: `'${key}'`, noun: 'keys' };
  }
  return current;
}

/** What a map being walked is, for hints: `resource 'db' (uid)` has `outputs`, a nested map has `keys`. */
interface Holder {
  owner: string;
  noun: string;
}

function missingKeyHint(key: string, map: Record<string, unknown>, { owner, noun }: Holder): string {
  const known = Object.keys(map).sort();
  if (known.length === 0) return `${owner} has no ${noun}`;
  const guess = suggestName(key, known);
  return `${guess === undefined ? '' : `did you mean '${guess}'? `}${owner} has the ${noun}: ${known.join(', ')}`;
}
