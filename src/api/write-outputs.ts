import { join, resolve } from 'node:path';
import type { Logger } from '../common/log.js';
import { FileTransaction, type FileChange } from '../fs/transaction.js';
import type { FileOperation } from '../provisioners/file-operations.js';
import { encodeState } from '../state/encode.js';
import { STATE_DIR, STATE_FILE } from '../state/store.js';
import type { State } from '../state/types.js';

/** Everything `generate` writes to disk. */
export interface GenerateOutputs {
  projectDir: string;
  state: State;
  /** `-` for none. */
  output: string;
  yaml: string;
  mountFiles: { path: string; content: Buffer; mode: number }[];
  fileOperations: FileOperation[];
  envFile: { path: string; variables: string[] } | undefined;
  /** Our record of how each workload was read (api/workload-inputs.ts); null removes it. */
  inputs: string | null;
  logger: Logger;
}

/** Written files, in the order they are applied: mounted content first, the state last. */
function fileChanges(out: GenerateOutputs): FileChange[] {
  const at = (path: string) => join(out.projectDir, path);
  const changes: FileChange[] = [{ kind: 'mkdir', path: at(out.state.mounts_directory) }];
  for (const op of out.fileOperations) {
    if (op.kind === 'mkdir') changes.push({ kind: 'mkdir', path: at(op.path) });
    else if (op.kind === 'write') {
      const put = { path: at(op.path), data: op.content, mode: 0o644, inPlace: true, parents: true, what: 'file' };
      changes.push({ kind: 'put', ...put });
    } else changes.push({ kind: 'remove', path: at(op.path) });
  }
  for (const file of out.mountFiles) {
    const put = { path: at(file.path), data: file.content, mode: file.mode, inPlace: true, parents: true };
    changes.push({ kind: 'put', ...put, what: 'file' });
  }
  if (out.envFile) {
    const text = out.envFile.variables.map((v) => `${v}=\n`).join('');
    changes.push({
      kind: 'put',
      path: resolve(out.projectDir, out.envFile.path),
      data: text,
      mode: 0o644,
      what: 'env file',
      anywhere: true, // named on the command line
    });
  }
  if (out.output !== '-') {
    changes.push({
      kind: 'put',
      path: resolve(out.projectDir, out.output),
      data: out.yaml,
      mode: 0o644,
      what: 'output file',
      anywhere: true, // compose.yaml, or the path given with --output
    });
  }
  const inputsPath = at(join(STATE_DIR, INPUTS_FILE));
  if (out.inputs === null) changes.push({ kind: 'remove', path: inputsPath });
  else changes.push({ kind: 'put', path: inputsPath, data: out.inputs, mode: 0o600, what: 'workload inputs file' });
  changes.push({
    kind: 'put',
    path: at(join(STATE_DIR, STATE_FILE)),
    data: encodeState(out.state),
    mode: 0o600,
    what: 'state file',
  });
  return changes;
}

/** Our record of how each workload was read, beside the state (the reference ignores it). */
export const INPUTS_FILE = 'workload-inputs.yaml';

/** The outputs of one run, staged and journaled; nothing is visible until applied. */
export interface PendingOutputs {
  /** Writes mounted content and provisioner files (what containers need), not the records. */
  applyMounts(): Promise<void>;
  /** Writes everything left and makes it permanent. */
  commit(): Promise<void>;
  /** Puts back what was applied. */
  rollback(): Promise<void>;
}

/**
 * Stages every output of a run (failing here, before anything is replaced, when a path is not
 * writable). Committing applies them all; a failure or a kill before the commit rolls back, so
 * the compose file, env file, state and mounted files always agree with one another.
 */
export async function prepareOutputs(out: GenerateOutputs): Promise<PendingOutputs> {
  const changes = fileChanges(out);
  const records = new Set(changes.filter((c) => c.kind === 'put' && c.what !== 'file').map((c) => resolve(c.path)));
  const tx = await FileTransaction.prepare(join(out.projectDir, STATE_DIR), changes);
  return {
    applyMounts: () => tx.applyUntil((target) => records.has(target)),
    commit: async () => {
      await tx.commit();
      if (out.envFile) out.logger.info(`Writing env var file to '${out.envFile.path}'`);
    },
    rollback: () => tx.rollback(),
  };
}
