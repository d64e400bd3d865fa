import { userError } from '../common/errors.js';
import { parseYamlValue } from '../yaml/yaml.js';
import type { State } from './types.js';
import { isRecord } from '../common/is-record.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

const STATE_KEYS = [
  'workloads',
  'resources',
  'shared_state',
  'compose_project',
  'mounts_directory',
  'patching_templates',
];
const WORKLOAD_KEYS = ['spec', 'file', 'build_configs'];
const RESOURCE_KEYS = [
  'guid',
  'type',
  'class',
  'id',
  'metadata',
  'params',
  'source_workload',
  'provisioner',
  'state',
  'outputs',
];

const STATE_HINT = 'fix or remove the state file, or run "score-compose init" in a fresh directory';

function fail(file: string, reason: string): never {
  throw userError('state', `state file couldn't be decoded: ${reason}`, { location: { file }, hint: STATE_HINT });
}

function checkKeys(file: string, where: string, value: Record<string, unknown>, allowed: string[]): void {
  const unknown = firstUnknownKey(value, allowed);
  if (unknown !== undefined) fail(file, `${where}: unknown field '${unknown}'`);
}

/** Decodes state.yaml strictly: an unknown key or a wrong type is an error, as in the reference. */
export function decodeState(text: string, file: string): State {
  let raw: unknown;
  try {
    raw =
      parseYamlValue(text, {
        source: file,
        documents: 'one',
        code: 'state',
        describe: (p) => `state file couldn't be decoded: ${p}`,
      }) ?? {};
  } catch (err) {
    throw Object.assign(err as Error, { hint: STATE_HINT });
  }
  if (!isRecord(raw)) fail(file, 'the document is not a map');
  checkKeys(file, 'state', raw, STATE_KEYS);
  const maps = ['workloads', 'resources', 'shared_state'] as const;
  for (const key of maps) {
    if (raw[key] !== undefined && raw[key] !== null && !isRecord(raw[key])) fail(file, `${key}: must be a map`);
  }
  for (const key of ['compose_project', 'mounts_directory'] as const) {
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string')
      fail(file, `${key}: must be a string`);
  }
  const templates = raw.patching_templates ?? [];
  if (!Array.isArray(templates) || templates.some((t) => typeof t !== 'string')) {
    fail(file, 'patching_templates: must be a list of strings');
  }
  const workloads = (raw.workloads ?? {}) as Record<string, unknown>;
  for (const [name, w] of Object.entries(workloads)) {
    if (!isRecord(w) || !isRecord(w.spec)) fail(file, `workloads.${name}: must be a map with a 'spec' map`);
    checkKeys(file, `workloads.${name}`, w, WORKLOAD_KEYS);
  }
  const resources = (raw.resources ?? {}) as Record<string, unknown>;
  for (const [uid, r] of Object.entries(resources)) {
    if (!isRecord(r)) fail(file, `resources.${uid}: must be a map`);
    checkKeys(file, `resources.${uid}`, r, RESOURCE_KEYS);
    for (const key of ['guid', 'type', 'id', 'source_workload']) {
      if (typeof r[key] !== 'string') fail(file, `resources.${uid}.${key}: must be a string`);
    }
  }
  return {
    workloads: workloads as State['workloads'],
    resources: Object.fromEntries(
      Object.entries(resources).map(([uid, r]) => {
        const res = r as Record<string, unknown>;
        return [
          uid,
          {
            ...res,
            class: res.class ?? 'default',
            metadata: res.metadata ?? {},
            params: res.params ?? {},
            state: res.state ?? {},
          },
        ];
      }),
    ) as State['resources'],
    shared_state: (raw.shared_state ?? {}) as Record<string, unknown>,
    compose_project: (raw.compose_project as string | undefined) ?? '',
    mounts_directory: (raw.mounts_directory as string | undefined) ?? '.score-compose/mounts',
    patching_templates: templates as string[],
  };
}
