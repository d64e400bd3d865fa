import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { userError } from '../common/errors.js';
import { stageFile, type StagedFile } from '../fs/staged-write.js';
import type { Logger } from '../common/log.js';
import { applyFileOperations, type FileOperation } from '../provisioners/file-operations.js';
import { saveState } from '../state/store.js';
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
  logger: Logger;
}

async function stage(path: string, data: string, mode: number, what: string): Promise<StagedFile> {
  try {
    return await stageFile(path, data, mode);
  } catch (err) {
    throw userError('io', `failed to write ${what} '${path}': ${(err as Error).message}`, {
      hint: 'check that the directory exists and is writable',
    });
  }
}

/**
 * Writes the outputs so that a failure leaves the previous compose file and state as they
 * were: the compose and env files are staged first (an unwritable path fails here), then
 * mounts and state are written, then the staged files are renamed into place.
 */
export async function writeGenerateOutputs(out: GenerateOutputs): Promise<void> {
  const staged: StagedFile[] = [];
  try {
    if (out.output !== '-')
      staged.push(await stage(resolve(out.projectDir, out.output), out.yaml, 0o644, 'output file'));
    if (out.envFile) {
      const text = out.envFile.variables.map((v) => `${v}=\n`).join('');
      staged.push(await stage(resolve(out.projectDir, out.envFile.path), text, 0o644, 'env file'));
    }
    await applyFileOperations(out.projectDir, out.fileOperations);
    for (const file of out.mountFiles) {
      const target = join(out.projectDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      const mount = await stageFile(target, file.content, file.mode);
      await mount.commit();
    }
    await saveState(out.projectDir, out.state);
  } catch (err) {
    await Promise.all(staged.map((s) => s.abort()));
    throw err;
  }
  for (const s of staged) await s.commit();
  if (out.envFile) out.logger.info(`Writing env var file to '${out.envFile.path}'`);
}
