import type { Tool } from '../common/tool.js';
import { stringifyYaml } from '../yaml/yaml.js';
import type { State } from './types.js';

const SPEC_ORDER = ['apiVersion', 'containers', 'metadata', 'resources', 'service'];
const CONTAINER_ORDER = [
  'args',
  'before',
  'command',
  'files',
  'image',
  'livenessProbe',
  'readinessProbe',
  'resources',
  'variables',
  'volumes',
];

// Key order as in the reference's state file, so a state written by either tool reads the same.
function ordered(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [
    ...keys,
    ...Object.keys(value)
      .filter((k) => !keys.includes(k))
      .sort(),
  ]) {
    if (value[k] !== undefined) out[k] = value[k];
  }
  return out;
}

function orderSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const containers = spec.containers as Record<string, Record<string, unknown>> | undefined;
  return ordered(
    {
      ...spec,
      containers:
        containers && Object.fromEntries(Object.entries(containers).map(([n, c]) => [n, ordered(c, CONTAINER_ORDER)])),
    },
    SPEC_ORDER,
  );
}

/** Renders the state as YAML with the reference's key order; deterministic for equal input. */
export function encodeState(state: State, tool?: Tool): string {
  const k8s = tool?.target === 'k8s';
  const workloads = Object.fromEntries(
    Object.keys(state.workloads)
      .sort()
      .map((name) => {
        const w = state.workloads[name]!;
        return [
          name,
          ordered(
            {
              spec: orderSpec(w.spec as unknown as Record<string, unknown>),
              file: w.file,
              build_configs: w.build_configs,
              instance_suffix: w.instance_suffix,
            },
            [],
          ),
        ];
      }),
  );
  const resources = Object.fromEntries(
    Object.keys(state.resources)
      .sort()
      .map((uid) => {
        const r = state.resources[uid]!;
        const outputs = r.outputs && Object.keys(r.outputs).length > 0 ? r.outputs : undefined;
        return [
          uid,
          ordered({ ...r, outputs }, [
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
          ]),
        ];
      }),
  );
  const doc = k8s
    ? { workloads, resources, shared_state: state.shared_state, patching_templates: state.patching_templates }
    : {
        workloads,
        resources,
        shared_state: state.shared_state,
        compose_project: state.compose_project,
        mounts_directory: state.mounts_directory,
        patching_templates: state.patching_templates,
      };
  return stringifyYaml(doc);
}
