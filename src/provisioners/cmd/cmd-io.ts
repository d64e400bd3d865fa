// The JSON contract of cmd:// provisioners: what goes to stdin (snake_case keys, with the
// reference's capitalised `ServiceName`) and what must come back on stdout (decoded strictly:
// unknown keys are rejected).
import { userError } from '../../common/errors.js';
import { isRecord } from '../../common/is-record.js';
import type { ProvisionInput, ProvisionOutput, ProvisionerTarget } from '../types.js';
import { decodeManifests } from '../template/decode-output.js';
import { firstUnknownKey } from '../../common/unknown-keys.js';

/** The stdin document for one resource (score-k8s's keys for its provisioners). */
export function encodeCmdInput(input: ProvisionInput, target: ProvisionerTarget = 'compose'): string {
  const workloadServices: Record<string, unknown> = {};
  for (const [name, info] of Object.entries(input.workloadServices)) {
    const ports: Record<string, unknown> = {};
    for (const [key, p] of Object.entries(info.ports))
      ports[key] = { name: p.name, port: p.port, target_port: p.targetPort, protocol: p.protocol };
    workloadServices[name] = { ServiceName: info.serviceName, ports };
  }
  const common = {
    resource_uid: input.uid,
    resource_type: input.type,
    resource_class: input.class,
    resource_id: input.id,
    resource_params: input.params ?? null,
    resource_metadata: input.metadata,
    source_workload: input.sourceWorkload,
    workload_services: workloadServices,
    resource_state: input.state,
    shared_state: input.shared,
  };
  return JSON.stringify(
    target === 'k8s'
      ? {
          resource_guid: input.guid,
          ...common,
          workload_metadata: input.workloadMetadata ?? {},
          namespace: input.namespace ?? '',
        }
      : { ...common, compose_project_name: input.composeProjectName, mount_directory_path: input.mountsDirectory },
  );
}

/** Go-like wording for malformed JSON, so messages match the reference's. */
function describeJsonError(text: string, err: unknown): string {
  const trimmed = text.trimStart();
  if (trimmed === '') return 'EOF';
  const first = trimmed[0]!;
  if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
  return (err as Error).message;
}

function fail(message: string): never {
  throw userError('provision', `failed to decode output from cmd provisioner: ${message}`);
}

function mapOf(value: unknown, key: string): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value))
    fail(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into field ${key} of type map`);
  return value;
}

function mapOfMaps<T>(value: unknown, key: string): Record<string, T> | undefined {
  const map = mapOf(value, key);
  if (map)
    for (const [name, v] of Object.entries(map))
      if (!isRecord(v)) fail(`${key}.${name}: expected an object (long syntax)`);
  return map as Record<string, T> | undefined;
}

const DECODERS: Record<string, (value: unknown, out: ProvisionOutput) => void> = {
  resource_state: (v, out) => void (out.state = mapOf(v, 'resource_state')),
  resource_outputs: (v, out) => void (out.outputs = mapOf(v, 'resource_outputs')),
  shared_state: (v, out) => void (out.shared = mapOf(v, 'shared_state')),
  relative_directories: (v, out) => {
    const map = mapOf(v, 'relative_directories');
    if (map)
      for (const [p, b] of Object.entries(map))
        if (typeof b !== 'boolean') fail(`relative_directories.${p}: expected true or false`);
    out.directories = map as Record<string, boolean> | undefined;
  },
  relative_file_contents: (v, out) => {
    const map = mapOf(v, 'relative_file_contents');
    if (map)
      for (const [p, c] of Object.entries(map))
        if (c !== null && typeof c !== 'string') fail(`relative_file_contents.${p}: expected a string or null`);
    out.files = map as Record<string, string | null> | undefined;
  },
  compose_services: (v, out) => void (out.services = mapOfMaps(v, 'compose_services')),
  compose_volumes: (v, out) => void (out.volumes = mapOfMaps(v, 'compose_volumes')),
  compose_networks: (v, out) => void (out.networks = mapOfMaps(v, 'compose_networks')),
  compose_models: (v, out) => void (out.models = mapOfMaps(v, 'compose_models')),
};

/** score-k8s's output keys: no compose parts, `manifests` instead. */
const K8S_DECODERS: Record<string, (value: unknown, out: ProvisionOutput) => void> = {
  resource_state: DECODERS['resource_state']!,
  resource_outputs: DECODERS['resource_outputs']!,
  shared_state: DECODERS['shared_state']!,
  manifests: (v, out) => {
    try {
      out.manifests = decodeManifests(v);
    } catch (err) {
      fail((err as Error).message.replace(/^failed to decode output: /, ''));
    }
  },
};

/** Decodes a cmd provisioner's stdout strictly into a ProvisionOutput. */
export function decodeCmdOutput(stdout: string, target: ProvisionerTarget = 'compose'): ProvisionOutput {
  const decoders = target === 'k8s' ? K8S_DECODERS : DECODERS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err) {
    fail(describeJsonError(stdout, err));
  }
  if (!isRecord(parsed))
    fail(`json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into a provisioner output object`);
  const unknown = firstUnknownKey(parsed, Object.keys(decoders));
  if (unknown !== undefined) fail(`json: unknown field "${unknown}"`);
  const out: ProvisionOutput = {};
  for (const [key, value] of Object.entries(parsed)) decoders[key]!(value, out);
  for (const key of Object.keys(out) as Array<keyof ProvisionOutput>) if (out[key] === undefined) delete out[key];
  return out;
}
