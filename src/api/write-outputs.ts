import { chmod, lstat, readFile } from '../fs/sync-promises.js';
import { dirname, join, relative, resolve } from 'node:path';
import type { Logger } from '../common/log.js';
import type { Secret } from '../secrets/collect.js';
import { hasSecretsBlock, SECRETS_FILE, secretsFileText } from '../secrets/env-file.js';
import { secretTester } from '../secrets/externalize.js';
import { FileTransaction, type FileChange } from '../fs/transaction.js';
import type { FileOperation } from '../provisioners/file-operations.js';
import { encodeState } from '../state/encode.js';
import { STATE_DIR, STATE_FILE } from '../state/store.js';
import { workloadInputsChange, type WorkloadInputs } from './workload-inputs.js';
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
  /**
   * The run's secrets, the variables compose.yaml references, and whether they stay inline
   * (today's form: no secrets file, file modes as asked).
   */
  secrets: { values: Secret[]; variables: Record<string, string>; inline: boolean };
  /** Our record of how each workload was read (api/workload-inputs.ts); removed when empty. */
  inputs: Readonly<Record<string, WorkloadInputs>>;
  logger: Logger;
}

/** Where the secrets file goes: beside the compose file (compose reads it there), else in the project. */
function secretsPath(out: GenerateOutputs): string {
  return out.output === '-'
    ? join(out.projectDir, SECRETS_FILE)
    : join(dirname(resolve(out.projectDir, out.output)), SECRETS_FILE);
}

/** The secrets file's current text and mode; undefined when there is none (or it is not a regular file). */
async function current(path: string): Promise<{ text: string; mode: number } | undefined> {
  const info = await lstat(path).catch(() => undefined);
  return info?.isFile() ? { text: await readFile(path, 'utf8'), mode: info.mode & 0o777 } : undefined;
}

const envFileText = (variables: string[]) => variables.map((v) => `${v}=\n`).join('');

/**
 * The secrets file (with the `--env-file` skeleton when it names the same file), or nothing when
 * it would not change. Our block is rewritten; the user's own lines stay.
 */
async function secretsFileChange(out: GenerateOutputs): Promise<FileChange | undefined> {
  const path = secretsPath(out);
  const file = await current(path);
  const existing = file?.text;
  const sameAsEnvFile = out.envFile !== undefined && resolve(out.projectDir, out.envFile.path) === path;
  const base = sameAsEnvFile ? envFileText(out.envFile!.variables) : existing;
  const text = secretsFileText(base, out.secrets.inline ? {} : out.secrets.variables);
  if (text === null && sameAsEnvFile) {
    return { kind: 'put', path, data: base ?? '', mode: 0o644, what: 'env file', anywhere: true };
  }
  if (text === null) {
    if (existing === undefined || !hasSecretsBlock(existing)) return undefined;
    const inside = !relative(out.projectDir, path).startsWith('..');
    return inside ? { kind: 'remove', path } : { kind: 'put', path, data: '', mode: 0o600, anywhere: true };
  }
  if (text === existing && !sameAsEnvFile && Object.keys(out.secrets.variables).length === 0) return undefined;
  // Owner-only while it holds secrets; otherwise the user's file keeps the mode it had.
  const mode = hasSecretsBlock(text) ? 0o600 : (file?.mode ?? 0o644);
  return { kind: 'put', path, data: text, mode, what: 'secrets file', anywhere: true };
}

/** The mode a mounted file is written with: owner-only when it holds a secret (and secrets are not inline). */
function modeChooser(out: GenerateOutputs): (content: string | Buffer, mode: number) => number {
  if (out.secrets.inline) return (_content, mode) => mode;
  const holds = secretTester(out.secrets.values);
  return (content, mode) => (holds(content) ? 0o600 : mode);
}

/** Written files, in the order they are applied: mounted content first, the state last. */
async function fileChanges(out: GenerateOutputs): Promise<FileChange[]> {
  const at = (path: string) => join(out.projectDir, path);
  const modeFor = modeChooser(out);
  const changes: FileChange[] = [{ kind: 'mkdir', path: at(out.state.mounts_directory) }];
  for (const op of out.fileOperations) {
    if (op.kind === 'mkdir') changes.push({ kind: 'mkdir', path: at(op.path) });
    else if (op.kind === 'write') {
      const mode = modeFor(op.content, 0o644);
      const put = { path: at(op.path), data: op.content, mode, inPlace: true, parents: true, what: 'file' };
      changes.push({ kind: 'put', ...put });
    } else changes.push({ kind: 'remove', path: at(op.path) });
  }
  for (const file of out.mountFiles) {
    const mode = modeFor(file.content, file.mode);
    if (mode !== file.mode) {
      out.logger.warn(
        `'${file.path}' holds a secret, so it is written owner-only (0600): a container process that runs as ` +
          'another user, not root, cannot read it; pass the secret in a variable instead, or use --inline-secrets',
      );
    }
    const put = { path: at(file.path), data: file.content, mode, inPlace: true, parents: true };
    changes.push({ kind: 'put', ...put, what: 'file' });
  }
  if (out.envFile && resolve(out.projectDir, out.envFile.path) !== secretsPath(out)) {
    changes.push({
      kind: 'put',
      path: resolve(out.projectDir, out.envFile.path),
      data: envFileText(out.envFile.variables),
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
  // After the compose file: when its directory is missing, the error names the file the user gave.
  const secretsFile = await secretsFileChange(out);
  if (secretsFile) changes.push(secretsFile);
  changes.push(workloadInputsChange(at(join(STATE_DIR, INPUTS_FILE)), out.inputs));
  changes.push({
    kind: 'put',
    path: at(join(STATE_DIR, STATE_FILE)),
    data: encodeState(out.state),
    mode: 0o600,
    what: 'state file',
  });
  return changes;
}

/**
 * The directories that hold a file with a secret, and the state directory: owner-only (0700).
 * A container reads a bind mount through the mount, not through these directories' modes.
 */
function privateDirectories(out: GenerateOutputs, changes: FileChange[]): string[] {
  if (out.secrets.inline) return [];
  const dirs = new Set([join(out.projectDir, STATE_DIR), join(out.projectDir, out.state.mounts_directory)]);
  const mounts = resolve(out.projectDir, out.state.mounts_directory);
  for (const c of changes) {
    if (c.kind === 'put' && c.mode === 0o600 && resolve(c.path).startsWith(`${mounts}/`))
      dirs.add(dirname(resolve(c.path)));
  }
  return [...dirs];
}

async function makePrivate(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    await chmod(dir, 0o700).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
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
  const changes = await fileChanges(out);
  const dirs = privateDirectories(out, changes);
  const records = new Set(changes.filter((c) => c.kind === 'put' && c.what !== 'file').map((c) => resolve(c.path)));
  const tx = await FileTransaction.prepare(join(out.projectDir, STATE_DIR), changes);
  return {
    applyMounts: async () => {
      await tx.applyUntil((target) => records.has(target));
      await makePrivate(dirs);
    },
    commit: async () => {
      await tx.commit();
      await makePrivate(dirs);
      if (out.envFile) out.logger.info(`Writing env var file to '${out.envFile.path}'`);
      const count = Object.keys(out.secrets.variables).length;
      if (count > 0) {
        const shown = relative(out.projectDir, secretsPath(out)) || SECRETS_FILE;
        out.logger.info(
          `Secrets: ${count} values kept in '${shown}' (owner-only), referenced from the compose file as \${VAR}`,
        );
      }
    },
    rollback: () => tx.rollback(),
  };
}
