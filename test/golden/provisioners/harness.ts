// Runs the default provisioners (provisioners/*.provisioners.yaml) through the real template
// engine with fixed inputs, and turns their output into stable golden text: random values are
// found by provisioning twice from scratch (whatever differs is random) and replaced by masks.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import { mergeSharedState } from '../../../src/provisioners/shared-state.js';
import type {
  ProvisionInput,
  ProvisionOutput,
  Provisioner,
  WorkloadServiceInfo,
} from '../../../src/provisioners/types.js';

/** The repository root (computed here: the CLI test helpers pull in the whole program). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PROVISIONERS_DIR = join(REPO_ROOT, 'provisioners');
export const EXPECTED_DIR = join(REPO_ROOT, 'test/golden/provisioners/expected');

/** The one provisioner defined in `provisioners/<name>.provisioners.yaml`. */
export function loadDefault(name: string): Provisioner {
  const file = `${name}.provisioners.yaml`;
  const list = parseProvisionerFile(readFileSync(join(PROVISIONERS_DIR, file), 'utf8'), file);
  if (list.length !== 1) throw new Error(`${file}: expected exactly one provisioner, found ${list.length}`);
  return list[0]!;
}

/** Workloads every fixture knows: `example` with a named port, `other` with two, `bare` with none. */
export const WORKLOAD_SERVICES: Record<string, WorkloadServiceInfo> = {
  example: {
    serviceName: 'example',
    ports: {
      foo: { name: 'foo', port: 80, targetPort: 8080, protocol: 'TCP' },
      '80': { name: 'foo', port: 80, targetPort: 8080, protocol: 'TCP' },
    },
  },
  other: {
    serviceName: 'other',
    ports: {
      web: { name: 'web', port: 8080, targetPort: 3000, protocol: 'TCP' },
      '8080': { name: 'web', port: 8080, targetPort: 3000, protocol: 'TCP' },
      admin: { name: 'admin', port: 9000, targetPort: 9001, protocol: 'TCP' },
      '9000': { name: 'admin', port: 9000, targetPort: 9001, protocol: 'TCP' },
    },
  },
  bare: { serviceName: 'bare', ports: {} },
};

/** What a fixture varies; the rest of the input is fixed. */
export interface Fixture {
  type: string;
  /** Defaults to `example.<type>` (a resource named after its type in workload `example`). */
  id?: string;
  params?: Record<string, unknown>;
  annotations?: Record<string, string>;
  sourceWorkload?: string;
}

/** The full provisioner input of a fixture, with the given state and shared state. */
export function inputFor(
  fixture: Fixture,
  state: Record<string, unknown> = {},
  shared: Record<string, unknown> = {},
): ProvisionInput {
  const id = fixture.id ?? `example.${fixture.type}`;
  return {
    uid: `${fixture.type}.default#${id}`,
    type: fixture.type,
    class: 'default',
    id,
    guid: '00000000-0000-4000-8000-000000000000',
    params: fixture.params,
    metadata: fixture.annotations ? { annotations: fixture.annotations } : {},
    sourceWorkload: fixture.sourceWorkload ?? 'example',
    workloadServices: WORKLOAD_SERVICES,
    state,
    shared,
    composeProjectName: 'demo',
    mountsDirectory: '.score-compose/mounts',
  };
}

/** Provisions once; `state`/`shared` are what an earlier run left. */
export function provisionWith(p: Provisioner, input: ProvisionInput): Promise<ProvisionOutput> {
  return p.provision(input, { projectDir: REPO_ROOT, env: {} });
}

/** The shared state after applying a provisioner's patch, as the provisioning loop does. */
export function sharedAfter(before: Record<string, unknown>, output: ProvisionOutput): Record<string, unknown> {
  return output.shared ? mergeSharedState(before, output.shared) : before;
}

/** Every leaf string of a value, keyed by its dotted path. */
function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
  }
  return out;
}

/**
 * The random values of an output: leaf strings of its state and shared patch that differ from
 * a second run from scratch. Each maps to a mask: the random tail of a name becomes X's
 * (`pg-AbC123` → `pg-XXXXXX`), a value without a readable prefix becomes `<its key>`.
 */
export function randomMasks(a: ProvisionOutput, b: ProvisionOutput): Map<string, string> {
  const first = leaves({ state: a.state, shared: a.shared }, '', new Map());
  const second = leaves({ state: b.state, shared: b.shared }, '', new Map());
  const masks = new Map<string, string>();
  for (const [path, value] of first) {
    if (second.get(path) === value) continue;
    masks.set(value, maskFor(value, path));
  }
  return masks;
}

function maskFor(value: string, path: string): string {
  const dns = /^dns[a-z0-9]{6}\.localhost$/.exec(value);
  if (dns) return 'dnsXXXXXX.localhost';
  const named = /^(.*-)([A-Za-z0-9]+)$/.exec(value);
  if (named) return `${named[1]}${'X'.repeat(named[2]!.length)}`;
  return `<${path.split('.').at(-1)}>`;
}

/** Replaces every random value (longest first) by its mask. */
export function applyMasks(text: string, masks: Map<string, string>): string {
  const values = [...masks.keys()].sort((x, y) => y.length - x.length);
  return values.reduce((acc, v) => acc.split(v).join(masks.get(v)!), text);
}

/** The parts of an output a golden file holds, in a fixed order. */
export function goldenText(output: ProvisionOutput): string {
  const { state, shared, outputs, directories, files, networks, services, volumes, models, infoLogs } = output;
  const parts = {
    outputs,
    state,
    shared,
    directories,
    files,
    networks,
    services,
    volumes,
    models,
    info_logs: infoLogs,
  };
  const present = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined));
  return stringify(present, { lineWidth: 0, indentSeq: true });
}
