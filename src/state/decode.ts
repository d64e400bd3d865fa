import { parseDocument } from 'yaml';
import { userError } from '../common/errors.js';
import type { State } from './types.js';
import { isRecord } from '../common/is-record.js';

const STATE_KEYS = ['workloads', 'resources', 'shared_state', 'compose_project', 'mounts_directory', 'patching_templates'];
const WORKLOAD_KEYS = ['spec', 'file', 'build_configs'];
const RESOURCE_KEYS = ['guid', 'type', 'class', 'id', 'metadata', 'params', 'source_workload', 'provisioner', 'state', 'outputs'];


function fail(file: string, reason: string, line?: number): never {
  throw userError('state', `state file couldn't be decoded: ${reason}`, {
    location: { file, line },
    hint: 'fix or remove the state file, or run "score-compose init" in a fresh directory',
  });
}

function checkKeys(file: string, where: string, value: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(file, `${where}: unknown field '${key}'`);
  }
}

/** Decodes state.yaml strictly: an unknown key or a wrong type is an error, as in the reference. */
export function decodeState(text: string, file: string): State {
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) fail(file, first.message.split('\n')[0] ?? first.message, first.linePos?.[0].line);
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (!isRecord(raw)) fail(file, 'the document is not a map');
  checkKeys(file, 'state', raw, STATE_KEYS);
  const maps = ['workloads', 'resources', 'shared_state'] as const;
  for (const key of maps) {
    if (raw[key] !== undefined && raw[key] !== null && !isRecord(raw[key])) fail(file, `${key}: must be a map`);
  }
  for (const key of ['compose_project', 'mounts_directory'] as const) {
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string') fail(file, `${key}: must be a string`);
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
        return [uid, { ...res, class: res.class ?? 'default', metadata: res.metadata ?? {}, params: res.params ?? {}, state: res.state ?? {} }];
      }),
    ) as State['resources'],
    shared_state: (raw.shared_state ?? {}) as Record<string, unknown>,
    compose_project: (raw.compose_project as string | undefined) ?? '',
    mounts_directory: (raw.mounts_directory as string | undefined) ?? '.score-compose/mounts',
    patching_templates: templates as string[],
  };
}
