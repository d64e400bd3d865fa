// Manifests → one multi-document YAML file, each document opened by `---` and its keys sorted,
// the layout score-k8s writes (so diffs against its output stay small).
import { stringifyYaml } from '../yaml/yaml.js';
import type { Manifest } from './manifest.js';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  // A Map keeps this order for every key; a plain object would put integer-like keys first.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sorted(v)]));
}

export function stringifyManifests(manifests: readonly Manifest[]): string {
  return manifests.map((m) => `---\n${stringifyYaml(sorted(m))}`).join('');
}
