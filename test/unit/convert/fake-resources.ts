// Small fakes for conversion tests: resource bindings as the convert_test corpus mocks them.
import type { ResourceBinding, ResourceBindings } from '../../../src/placeholders/types.js';
import type { EnvironmentLookup } from '../../../src/provisioners/types.js';
import type { Workload } from '../../../src/score/types.js';

/** An environment lookup that renders keys with `render` and records what was asked for. */
export function fakeEnv(
  render: (keys: string[]) => string,
  env: Record<string, string> = {},
): EnvironmentLookup & { seen: Set<string> } {
  const seen = new Set<string>();
  return {
    seen,
    deferred(keys) {
      const out = render(keys);
      seen.add(out.replace(/^\$\{|(\?required)?\}$/g, ''));
      return out;
    },
    immediate(keys) {
      const key = keys.join('_');
      const value = env[key];
      if (value === undefined) throw new Error(`environment variable '${key}' must be resolved`);
      return value;
    },
    referenced: () => [...seen].sort(),
  };
}

/**
 * Bindings for the mocked state of convert_test.cases.yaml: `environment` resources are an env
 * provisioner (`${KEY}`), mysql and dns ones an env "sub-provisioner" (`${NAME_KEY?required}`),
 * volume ones output `{type: volume, source: example}`, anything else has no outputs.
 */
export function corpusBindings(workload: Workload): { bindings: ResourceBindings; accessed: () => string[] } {
  const lookups: (EnvironmentLookup & { seen: Set<string> })[] = [];
  const cache = new Map<string, ResourceBinding>();
  const bindings: ResourceBindings = (name) => {
    const cached = cache.get(name);
    if (cached) return cached;
    const spec = workload.resources?.[name];
    if (spec === undefined) return undefined;
    const uid = `${spec.type}.${spec.class ?? 'default'}#${spec.id ?? `${workload.metadata.name}.${name}`}`;
    const binding: ResourceBinding = { uid, outputs: {} };
    if (spec.type === 'environment') {
      binding.env = fakeEnv((keys) => {
        if (keys.length !== 1) throw new Error('environment resource only supports a single lookup key');
        return `\${${keys[0]}}`;
      });
    } else if (spec.type === 'mysql' || spec.type === 'dns') {
      const prefix = name.replace(/-/g, '_').toUpperCase();
      binding.env = fakeEnv((keys) => `\${${[prefix, ...keys.map((k) => k.toUpperCase())].join('_')}?required}`);
    } else if (spec.type === 'volume') {
      binding.outputs = { type: 'volume', source: 'example' };
    }
    if (binding.env) lookups.push(binding.env as EnvironmentLookup & { seen: Set<string> });
    cache.set(name, binding);
    return binding;
  };
  return { bindings, accessed: () => [...new Set(lookups.flatMap((l) => [...l.seen]))].sort() };
}

/** Bindings from a plain name → binding table. */
export function tableBindings(table: Record<string, ResourceBinding>): ResourceBindings {
  return (name) => table[name];
}
