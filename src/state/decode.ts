// Strict decoding of `.score-compose/state.yaml`. The state holds what cannot be recreated
// (generated passwords, volume and service names), so a damaged file is an error that says what
// is wrong and how to recover, never a silent reset: a file cut short, emptied or edited by hand
// would otherwise make the next run provision every resource afresh and orphan its data.
import { isAbsolute, normalize, sep } from 'node:path';
import { userError } from '../common/errors.js';
import { describeValue } from '../common/describe-value.js';
import { parseYamlValue } from '../yaml/yaml.js';
import type { State } from './types.js';
import type { Tool } from '../common/tool.js';
import { isRecord } from '../common/is-record.js';
import { firstUnknownKey } from '../common/unknown-keys.js';
import { formatUid } from './resource-uid.js';

const STATE_KEYS = [
  'workloads',
  'resources',
  'shared_state',
  'compose_project',
  'mounts_directory',
  'patching_templates',
];
/** Keys every state file has, whichever tool wrote it; one missing means the file was cut short. */
const REQUIRED_KEYS = ['workloads', 'resources', 'shared_state', 'compose_project', 'mounts_directory'];
const WORKLOAD_KEYS = ['spec', 'file', 'build_configs'];
/** score-k8s's layout: no compose fields, a suffix per workload. */
const K8S_STATE_KEYS = ['workloads', 'resources', 'shared_state', 'patching_templates'];
const K8S_REQUIRED_KEYS = ['workloads', 'resources', 'shared_state'];
const K8S_WORKLOAD_KEYS = ['spec', 'file', 'instance_suffix'];
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
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const STATE_DIR = '.score-compose';

/** How to recover from a damaged state file; said with every decoding error. */
export const STATE_HINT =
  'restore .score-compose/state.yaml from a backup or version control, or fix what the message names; ' +
  'to start over, move the file away and run "score-compose init" (every resource is then provisioned ' +
  'afresh: new passwords, names and volumes)';

function fail(file: string, reason: string): never {
  throw userError('state', `state file couldn't be decoded: ${reason}`, { location: { file }, hint: STATE_HINT });
}

function checkKeys(file: string, where: string, value: Record<string, unknown>, allowed: string[]): void {
  const unknown = firstUnknownKey(value, allowed);
  if (unknown !== undefined) fail(file, `${where}: unknown field '${unknown}'`);
}

function optionalMap(file: string, where: string, value: unknown): void {
  if (value !== undefined && value !== null && !isRecord(value)) {
    fail(file, `${where}: must be a map, found ${describeValue(value)}`);
  }
}

/**
 * Why a mounts directory is refused, or undefined. It holds files the tool writes and deletes,
 * so it must be a relative path strictly inside the project, and not the state directory itself.
 */
export function mountsDirectoryProblem(dir: string): string | undefined {
  if (dir === '') return 'must not be empty';
  if (dir.includes('\0')) return 'must not contain a NUL character';
  if (isAbsolute(dir)) return 'must be a path relative to the project directory';
  const normal = normalize(dir).replace(/[\\/]+$/, '');
  if (normal === '..' || normal.startsWith(`..${sep}`)) return 'must stay inside the project directory';
  if (normal === '.' || normal === STATE_DIR) return 'must be a directory of its own inside the project';
  return undefined;
}

function decodeWorkloads(file: string, workloads: Record<string, unknown>, k8s: boolean): void {
  for (const [name, w] of Object.entries(workloads)) {
    const where = `workloads.${name}`;
    if (!isRecord(w) || !isRecord(w.spec)) fail(file, `${where}: must be a map with a 'spec' map`);
    checkKeys(file, where, w, k8s ? K8S_WORKLOAD_KEYS : WORKLOAD_KEYS);
    if (w.instance_suffix !== undefined && typeof w.instance_suffix !== 'string') {
      fail(file, `${where}.instance_suffix: must be a string`);
    }
    const metadata = w.spec['metadata'];
    const specName = isRecord(metadata) ? metadata['name'] : undefined;
    if (specName !== name) {
      fail(file, `${where}.spec.metadata.name: must be '${name}', found ${describeValue(specName)}`);
    }
    if (w.file !== undefined && (typeof w.file !== 'string' || w.file === '' || w.file.includes('\0'))) {
      fail(file, `${where}.file: must be a file path`);
    }
    optionalMap(file, `${where}.build_configs`, w.build_configs);
    for (const [container, build] of Object.entries(isRecord(w.build_configs) ? w.build_configs : {})) {
      if (!isRecord(build)) fail(file, `${where}.build_configs.${container}: must be a map`);
    }
  }
}

function decodeResources(file: string, resources: Record<string, unknown>): void {
  for (const [uid, r] of Object.entries(resources)) {
    const where = `resources.${uid}`;
    if (!isRecord(r)) fail(file, `${where}: must be a map`);
    checkKeys(file, where, r, RESOURCE_KEYS);
    for (const key of ['guid', 'type', 'id', 'source_workload']) {
      if (typeof r[key] !== 'string' || r[key] === '') fail(file, `${where}.${key}: must be a non-empty string`);
    }
    if (r.class !== undefined && r.class !== null && (typeof r.class !== 'string' || r.class === '')) {
      fail(file, `${where}.class: must be a non-empty string`);
    }
    if (r.provisioner !== undefined && r.provisioner !== null && typeof r.provisioner !== 'string') {
      fail(file, `${where}.provisioner: must be a string`);
    }
    for (const key of ['metadata', 'params', 'state', 'outputs']) optionalMap(file, `${where}.${key}`, r[key]);
    const expected = formatUid({
      type: r.type as string,
      class: typeof r.class === 'string' ? r.class : 'default',
      id: r.id as string,
    });
    if (uid !== expected) fail(file, `${where}: the key must be the resource's uid '${expected}'`);
  }
}

/**
 * Decodes state.yaml strictly: an empty file, a missing or unknown key, or a wrong type is an
 * error naming the field, with STATE_HINT on how to recover.
 */
export function decodeState(text: string | Uint8Array, file: string, tool?: Tool): State {
  const k8s = tool?.target === 'k8s';
  let raw: unknown;
  try {
    raw = parseYamlValue(text, {
      source: file,
      documents: 'one',
      code: 'state',
      describe: (p) => `state file couldn't be decoded: ${p}`,
    });
  } catch (err) {
    throw Object.assign(err as Error, { hint: STATE_HINT });
  }
  if (raw === null) fail(file, 'the file is empty');
  if (!isRecord(raw)) fail(file, `the document must be a map, found ${describeValue(raw)}`);
  checkKeys(file, 'state', raw, k8s ? K8S_STATE_KEYS : STATE_KEYS);
  const missing = (k8s ? K8S_REQUIRED_KEYS : REQUIRED_KEYS).filter((k) => !(k in raw));
  if (missing.length > 0) {
    fail(file, `missing ${missing.map((k) => `'${k}'`).join(', ')} (was the file cut short?)`);
  }
  for (const key of ['workloads', 'resources', 'shared_state'] as const) optionalMap(file, key, raw[key]);
  const project = k8s ? '' : raw.compose_project;
  if (!k8s && (typeof project !== 'string' || !PROJECT_NAME.test(project))) {
    fail(
      file,
      `compose_project: must be a compose project name (${PROJECT_NAME.source}), found ${describeValue(project)}`,
    );
  }
  const mounts = k8s ? '' : raw.mounts_directory;
  if (typeof mounts !== 'string') fail(file, `mounts_directory: must be a string, found ${describeValue(mounts)}`);
  const mountsProblem = k8s ? undefined : mountsDirectoryProblem(mounts);
  if (mountsProblem !== undefined) fail(file, `mounts_directory '${mounts}': ${mountsProblem}`);
  const templates = raw.patching_templates ?? [];
  if (!Array.isArray(templates) || templates.some((t) => typeof t !== 'string')) {
    fail(file, 'patching_templates: must be a list of strings');
  }
  const workloads = (raw.workloads ?? {}) as Record<string, unknown>;
  decodeWorkloads(file, workloads, k8s);
  const resources = (raw.resources ?? {}) as Record<string, unknown>;
  decodeResources(file, resources);
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
    compose_project: project as string,
    mounts_directory: mounts,
    patching_templates: templates as string[],
  };
}
