// Environment provisioners (`local-env://`, or the built-in one): `${resources.<env>.KEY}` reads
// environment variable KEY.
// Nothing is persisted; the lookup is deferred (`${KEY}`, interpolated by compose at `up`)
// in container variables and immediate (read now) in file contents and resource params.
import { userError } from '../../common/errors.js';
import { checkKnownKeys, commonFields, type Origin } from '../definition.js';
import type { EnvironmentLookup, ProvisionContext, Provisioner, ProvisionInput, ResourceQuery } from '../types.js';

const KEYS = ['uri', 'type', 'class', 'description', 'supported_params', 'expected_outputs', 'secret_outputs'];

/** URI of the built-in provisioner used when no loaded one handles `environment`. */
export const BUILTIN_ENVIRONMENT_URI = 'builtin://environment';

function singleKey(keys: string[]): string {
  if (keys.length === 0) throw userError('convert', 'at least one output lookup key is required');
  if (keys.length > 1) {
    throw userError('convert', 'environment resource only supports a single lookup key', {
      hint: 'use ${resources.<env>.VARIABLE_NAME} with exactly one key after the resource name',
    });
  }
  return keys[0]!;
}

/** A lookup over `env` that records every key it is asked for (for `--env-file`). */
export function createEnvironmentLookup(env: Record<string, string | undefined>): EnvironmentLookup {
  const seen = new Set<string>();
  return {
    deferred(keys) {
      const key = singleKey(keys);
      seen.add(key);
      return `\${${key}}`;
    },
    immediate(keys) {
      const key = singleKey(keys);
      seen.add(key);
      const value = env[key];
      if (value === undefined) {
        throw userError('convert', `environment variable '${key}' must be resolved`, {
          hint: `export ${key}=... before running score-compose`,
        });
      }
      return value;
    },
    referenced: () => [...seen].sort(),
  };
}

async function provisionEnvironment(input: ProvisionInput, context: ProvisionContext) {
  if (input.params !== undefined && Object.keys(input.params).length > 0) {
    throw userError('provision', 'no params expected', {
      hint: 'environment resources take no params; remove them from the Score file',
    });
  }
  return { environmentLookup: createEnvironmentLookup(context.env) };
}

/** Parses a `local-env://` definition (`type` defaults to `environment`; no `id`). */
export function parseEnvironmentProvisioner(raw: Record<string, unknown>, origin: Origin): Provisioner {
  checkKnownKeys(raw, KEYS, 'environment');
  const fields = commonFields(raw, typeof raw.type === 'string' && raw.type !== '' ? raw.type : 'environment');
  return { ...fields, origin, provision: provisionEnvironment };
}

/**
 * The legacy built-in provisioner: matches only `environment.default#<workload>.<name>`,
 * i.e. class `default` and an id the workload did not choose itself.
 */
export function builtinEnvironmentProvisioner(): Provisioner {
  return {
    uri: BUILTIN_ENVIRONMENT_URI,
    type: 'environment',
    origin: { file: '(built-in)', index: 0 },
    matches: (r: ResourceQuery) =>
      r.type === 'environment' &&
      r.class === 'default' &&
      (r.source_workload === undefined || r.id.startsWith(`${r.source_workload}.`)),
    provision: provisionEnvironment,
  };
}
