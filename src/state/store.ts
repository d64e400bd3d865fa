import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../common/errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { decodeState } from './decode.js';
import { encodeState } from './encode.js';
import type { State } from './types.js';

/** The state directory's name, relative to the project directory (fixed, as in the reference). */
export const STATE_DIR = '.score-compose';
export const STATE_FILE = 'state.yaml';
export const MOUNTS_DIR = `${STATE_DIR}/mounts`;

/** Whether `<projectDir>/.score-compose` exists. */
export async function stateDirExists(projectDir: string): Promise<boolean> {
  return stat(join(projectDir, STATE_DIR)).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Reads and strictly decodes the state; a missing directory is the reference's error. */
export async function loadState(projectDir: string): Promise<State> {
  if (!(await stateDirExists(projectDir))) {
    throw userError('state', 'state directory does not exist, please run "score-compose init" first');
  }
  const file = join(STATE_DIR, STATE_FILE);
  let text: string;
  try {
    text = await readFile(join(projectDir, file), 'utf8');
  } catch (err) {
    throw userError('state', `failed to load existing state directory: ${(err as Error).message}`, {
      hint: 'run "score-compose init" to recreate the state',
    });
  }
  try {
    return decodeState(text, file);
  } catch (err) {
    throw err instanceof Error && 'wrap' in err
      ? (err as { wrap(p: string): Error }).wrap('failed to load existing state directory')
      : err;
  }
}

/** Writes the state atomically, readable by its owner only (it holds generated secrets). */
export async function saveState(projectDir: string, state: State): Promise<void> {
  await mkdir(join(projectDir, state.mounts_directory), { recursive: true });
  await writeFileAtomic(join(projectDir, STATE_DIR, STATE_FILE), encodeState(state), 0o600);
}

/** A fresh state for `init`. */
export function emptyState(project: string, patchingTemplates: string[] = []): State {
  return {
    workloads: {},
    resources: {},
    shared_state: {},
    compose_project: project,
    mounts_directory: MOUNTS_DIR,
    patching_templates: patchingTemplates,
  };
}
