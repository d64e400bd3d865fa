// Decoding a rendered template stage. Rendered text is YAML; maps and lists are checked
// loosely (scalars become text where text is expected), compose parts go through the
// compose short-syntax normaliser as the reference's compose loader would.
import { parseYamlValue } from '../../yaml/yaml.js';
import { normalizeNetwork, normalizeService, normalizeVolume } from '../../compose/normalize.js';
import { ScoreComposeError, userError } from '../../common/errors.js';
import { isRecord } from '../../common/is-record.js';
import { describeValue } from '../../common/describe-value.js';

/** Parses rendered YAML (the first document, as the reference's decoder reads). */
export function parseRendered(text: string): unknown {
  return parseYamlValue(text, {
    source: 'template output',
    located: false,
    code: 'provision',
    describe: (problem) => `failed to decode output: ${problem}`,
  });
}

function fail(message: string): never {
  throw userError('provision', `failed to decode output: ${message}`);
}

/** A map stage (`init`, `state`, `shared`, `outputs`); null means nothing. */
export function decodeMap(value: unknown): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) fail(`expected a map, got ${describeValue(value)}`);
  return value;
}

/**
 * score-k8s `manifests`: a list of Kubernetes objects, each with a string `apiVersion` and `kind`
 * and a `metadata.name` (what identifies an object when two resources make the same one).
 */
export function decodeManifests(value: unknown): Record<string, unknown>[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) fail(`expected a list of manifests, got ${describeValue(value)}`);
  return value.map((item, i) => {
    if (!isRecord(item)) fail(`manifests.${i}: expected a map, got ${describeValue(item)}`);
    for (const key of ['apiVersion', 'kind'])
      if (typeof item[key] !== 'string' || item[key] === '') fail(`manifests.${i}: ${key} must be a non-empty string`);
    const metadata = item['metadata'];
    if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '')
      fail(`manifests.${i}: metadata.name must be a non-empty string`);
    return item;
  });
}

/** `directories`: path → true (create) / false (delete). */
export function decodeDirectories(value: unknown): Record<string, boolean> | undefined {
  const map = decodeMap(value);
  if (!map) return undefined;
  for (const [path, v] of Object.entries(map))
    if (typeof v !== 'boolean') fail(`directories.${path}: expected true or false, got ${describeValue(v)}`);
  return map as Record<string, boolean>;
}

/** `files`: path → content (scalars as text) or null (delete). */
export function decodeFiles(value: unknown): Record<string, string | null> | undefined {
  const map = decodeMap(value);
  if (!map) return undefined;
  const out: Record<string, string | null> = {};
  for (const [path, v] of Object.entries(map)) {
    if (v === null || typeof v === 'string') out[path] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[path] = String(v);
    else fail(`files.${path}: expected the file content as a string, got ${describeValue(v)}`);
  }
  return out;
}

/** `info_logs`: a list of lines. */
export function decodeLines(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) fail(`expected a list of strings, got ${describeValue(value)}`);
  return value.map((line) =>
    typeof line === 'string' ? line : isRecord(line) || Array.isArray(line) ? JSON.stringify(line) : String(line),
  );
}

/** A compose part: each entry normalised by `normalize` (short syntax → long syntax). */
export function decodeCompose<T>(
  value: unknown,
  normalize: (entry: unknown, name: string) => T,
): Record<string, T> | undefined {
  const map = decodeMap(value);
  if (!map) return undefined;
  const out: Record<string, T> = {};
  try {
    for (const [name, entry] of Object.entries(map)) out[name] = normalize(entry, name);
  } catch (err) {
    if (err instanceof ScoreComposeError) fail(err.message);
    throw err;
  }
  return out;
}

/** `models`: name → map (an empty entry is `{}`). */
export function normalizeModel(entry: unknown, name: string): Record<string, unknown> {
  if (entry === null || entry === undefined) return {};
  if (!isRecord(entry)) throw userError('provision', `model '${name}' must be a map`);
  return entry;
}

export { normalizeNetwork, normalizeService, normalizeVolume };
