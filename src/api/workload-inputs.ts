// How each stored workload was read, so a run without file arguments can read it again the same
// way: the overrides it was generated with. Kept in `<state dir>/workload-inputs.yaml`, beside
// the state rather than in it, because the reference decodes state.yaml strictly and would
// reject a key it does not know; it ignores other files in the directory.
import { join } from 'node:path';
import { userError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { PathRefused, readRegularFile } from '../fs/confine.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';
import { projectConfinement } from '../state/store.js';
import type { FileChange } from '../fs/transaction.js';
import { parseYamlValue, stringifyYaml } from '../yaml/yaml.js';
import { INPUTS_FILE } from './write-outputs.js';

/** The overrides one workload was last generated with. */
export interface WorkloadInputs {
  overridesFile?: string;
  overrideProperties?: string[];
}

/** Reads the record in `tool`'s state directory; a missing one means no overrides were used. */
export async function readWorkloadInputs(
  projectDir: string,
  tool: Tool = SCORE_COMPOSE,
): Promise<Record<string, WorkloadInputs>> {
  const file = join(tool.stateDir, INPUTS_FILE);
  let text: Buffer;
  try {
    text = await readRegularFile(join(projectDir, file), { within: projectConfinement(projectDir) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const reason = err instanceof PathRefused ? err.reason : (err as Error).message;
    throw userError('state', `failed to read '${file}': ${reason}`, {
      hint: `remove it: it only records the overrides each workload was generated with`,
    });
  }
  const raw = parseYamlValue(text, { source: file, code: 'state' });
  const workloads = isRecord(raw) && isRecord(raw['workloads']) ? raw['workloads'] : {};
  const out: Record<string, WorkloadInputs> = {};
  for (const [name, entry] of Object.entries(workloads)) {
    if (!isRecord(entry)) continue;
    const inputs: WorkloadInputs = {};
    if (typeof entry['overrides_file'] === 'string') inputs.overridesFile = entry['overrides_file'];
    const props = entry['override_properties'];
    if (Array.isArray(props)) inputs.overrideProperties = props.filter((p): p is string => typeof p === 'string');
    out[name] = inputs;
  }
  return out;
}

/** The record's text, or undefined when no workload has overrides (no file is written then). */
export function encodeWorkloadInputs(inputs: Readonly<Record<string, WorkloadInputs>>): string | undefined {
  const workloads: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(inputs).sort()) {
    const entry = inputs[name]!;
    const out: Record<string, unknown> = {};
    if (entry.overridesFile !== undefined) out['overrides_file'] = entry.overridesFile;
    if (entry.overrideProperties?.length) out['override_properties'] = entry.overrideProperties;
    if (Object.keys(out).length > 0) workloads[name] = out;
  }
  if (Object.keys(workloads).length === 0) return undefined;
  const note =
    '# How each workload was read (overrides), for runs without file arguments. Written by score-compose-ts.\n';
  return note + stringifyYaml({ workloads });
}

/**
 * The record after a run: workloads that are gone (removed, or renamed away by their file) are
 * dropped; with files given on the command line, each workload read from them gets `given`
 * (no overrides given means none are remembered).
 */
export function nextWorkloadInputs(
  remembered: Readonly<Record<string, WorkloadInputs>>,
  change: { gone: readonly string[]; read: readonly string[]; given?: WorkloadInputs },
): Record<string, WorkloadInputs> {
  const next = { ...remembered };
  for (const name of change.gone) delete next[name];
  if (change.given !== undefined) for (const name of change.read) next[name] = change.given;
  return next;
}

/** The transaction step that writes the record at `path`, or removes it when it would be empty. */
export function workloadInputsChange(path: string, inputs: Readonly<Record<string, WorkloadInputs>>): FileChange {
  const data = encodeWorkloadInputs(inputs);
  return data === undefined
    ? { kind: 'remove', path }
    : { kind: 'put', path, data, mode: 0o600, what: 'workload inputs file' };
}
