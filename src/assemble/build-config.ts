// `--build container=<value>`: a plain build context, or a JSON / flow-YAML compose build config
// such as `{"context":"./dir","args":["DEBUG"]}`.
import { parseYamlValue } from '../yaml/yaml.js';
import { ScoreComposeError } from '../common/errors.js';
import type { ComposeBuild } from '../compose/types.js';
import { isRecord } from '../common/is-record.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

/** One parsed `--build` flag. */
export interface BuildFlag {
  /** Set by the `<workload>.<container>=` form. */
  workload?: string;
  container: string;
  build: ComposeBuild;
}

const STRING_FIELDS = ['context', 'dockerfile', 'dockerfile_inline', 'network', 'target', 'isolation'];
const BOOL_FIELDS = ['no_cache', 'pull', 'privileged'];
const STRING_LIST_FIELDS = ['cache_from', 'cache_to', 'tags', 'platforms', 'entitlements', 'secrets'];
const MAPPING_FIELDS = ['args', 'labels'];
const OTHER_FIELDS = ['ssh', 'extra_hosts', 'additional_contexts', 'shm_size', 'ulimits'];
const KNOWN = new Set([...STRING_FIELDS, ...BOOL_FIELDS, ...STRING_LIST_FIELDS, ...MAPPING_FIELDS, ...OTHER_FIELDS]);

/**
 * Parses `[<workload>.]<container>=<value>` against the workloads being generated (name →
 * container names). Without a workload part the flag needs exactly one workload; Score names
 * never contain a dot, so the split is unambiguous.
 */
export function parseBuildFlag(flag: string, workloads: Readonly<Record<string, readonly string[]>>): BuildFlag {
  const fail = (msg: string, hint?: string): never => {
    throw new ScoreComposeError('input', `invalid --build '${flag}': ${msg}`, hint === undefined ? {} : { hint });
  };
  const eq = flag.indexOf('=');
  if (eq < 0)
    return fail(
      'expected 2 =-separated parts',
      'use --build <container>=<context dir> or --build <container>={"context":"<dir>"}',
    );
  const key = flag.slice(0, eq);
  const value = flag.slice(eq + 1);
  const dot = key.indexOf('.');
  const names = Object.keys(workloads).sort();
  let workload: string;
  if (dot >= 0) {
    workload = key.slice(0, dot);
    if (!(workload in workloads)) {
      return fail(`unknown workload '${workload}'`, `the workloads being generated are: ${names.join(', ')}`);
    }
  } else if (names.length === 1) {
    workload = names[0]!;
  } else {
    return fail(
      'several workloads are being generated: name the workload',
      `use --build <workload>.<container>=<context>, for example --build ${names[0] ?? 'web'}.main=./dir`,
    );
  }
  const container = dot >= 0 ? key.slice(dot + 1) : key;
  const containers = workloads[workload] ?? [];
  if (!containers.includes(container)) {
    return fail(
      `unknown container '${container}'`,
      `the workload's containers are: ${[...containers].sort().join(', ')}`,
    );
  }
  const target = { ...(dot >= 0 ? { workload } : {}), container };
  if (!value.startsWith('{')) return { ...target, build: { context: value } };
  let raw: unknown;
  try {
    raw = parseYamlValue(value, { source: '--build', located: false, describe: (p) => p });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  try {
    return { ...target, build: decodeBuild(raw) };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/** Checks a build config the way compose decodes one: known keys, list forms of args and labels turned into maps. */
export function decodeBuild(raw: unknown): ComposeBuild {
  if (!isRecord(raw)) throw new Error('expected a map');
  const unknown = firstUnknownKey(raw, KNOWN);
  if (unknown !== undefined) throw new Error(`unknown field "${unknown}"`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (STRING_FIELDS.includes(key)) out[key] = expectString(key, value);
    else if (BOOL_FIELDS.includes(key)) out[key] = expectBool(key, value);
    else if (STRING_LIST_FIELDS.includes(key)) out[key] = expectStringList(key, value);
    else if (MAPPING_FIELDS.includes(key)) out[key] = toMapping(key, value);
    else out[key] = value;
  }
  // Compose's own default when a config names no context: the directory of the compose file.
  return { ...out, context: typeof out['context'] === 'string' ? out['context'] : '.' };
}

/** `{K: v}` or `["K=v", "K"]` → `{K: "v", K: null}` (values become strings, as compose reads them). */
function toMapping(field: string, value: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string') throw new Error(`${field} entries must be strings`);
      const eq = item.indexOf('=');
      if (eq < 0) out[item] = null;
      else out[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return out;
  }
  if (!isRecord(value)) throw new Error(`${field} must be a map or a list`);
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) out[k] = null;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else throw new Error(`${field}.${k} must be a string`);
  }
  return out;
}

function expectString(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new Error(`${field} must be a string`);
  return value;
}

function expectBool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Error(`${field} must be a boolean`);
  return value;
}

function expectStringList(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error(`${field} must be a list of strings`);
  return value as string[];
}
