import { mkdir, realpath, stat } from '../fs/sync-promises.js';
import { join } from 'node:path';
import { userError } from '../common/errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { assertInside, isInside, PathRefused, readRegularFile, type Confinement } from '../fs/confine.js';
import { decodeState, STATE_HINT } from './decode.js';
import { encodeState } from './encode.js';
import type { State } from './types.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';

/** The state directory's name, relative to the project directory (fixed, as in the reference). */
export const STATE_DIR = '.score-compose';
export const STATE_FILE = 'state.yaml';
export const MOUNTS_DIR = `${STATE_DIR}/mounts`;

/** Whether `<projectDir>/.score-compose` (or the tool's state directory) exists. */
export async function stateDirExists(projectDir: string, tool: Tool = SCORE_COMPOSE): Promise<boolean> {
  return stat(join(projectDir, tool.stateDir)).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The project directory as the confinement root of everything the state names. */
export function projectConfinement(projectDir: string): Confinement {
  return { root: projectDir, rootName: 'the project directory' };
}

/**
 * Checks that `.score-compose` is inside the project once links are resolved: a state
 * directory linked elsewhere would make every write of the tool land outside the project.
 */
export async function checkStateDir(projectDir: string, name = STATE_DIR): Promise<void> {
  let root: string;
  let real: string;
  try {
    [root, real] = await Promise.all([realpath(projectDir), realpath(join(projectDir, name))]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // reported by whoever needs it
    throw err;
  }
  if (!isInside(root, real) || root === real) {
    throw userError('state', `the state directory '${name}' leads outside the project directory (to '${real}')`, {
      hint: `replace the link with a directory: move it away and run "score-compose init"`,
    });
  }
}

/** Reads and strictly decodes the state; a missing directory is the reference's error. */
export async function loadState(projectDir: string, tool: Tool = SCORE_COMPOSE): Promise<State> {
  if (!(await stateDirExists(projectDir, tool))) {
    throw userError('state', `state directory does not exist, please run "${tool.name} init" first`);
  }
  await checkStateDir(projectDir, tool.stateDir);
  const file = join(tool.stateDir, STATE_FILE);
  let text: Buffer;
  try {
    text = await readRegularFile(join(projectDir, file), { within: projectConfinement(projectDir) });
  } catch (err) {
    const reason = err instanceof PathRefused ? `${file}: ${err.reason}` : (err as Error).message;
    throw userError('state', `failed to load existing state directory: ${reason}`, {
      hint:
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? `run "${tool.name} init" to recreate the state` : STATE_HINT,
    });
  }
  let state: State;
  try {
    state = decodeState(text, file, tool);
  } catch (err) {
    throw err instanceof Error && 'wrap' in err
      ? (err as { wrap(p: string): Error }).wrap('failed to load existing state directory')
      : err;
  }
  if (tool.target === 'k8s') return state;
  try {
    assertInside(join(projectDir, state.mounts_directory), projectConfinement(projectDir));
  } catch (err) {
    const reason = err instanceof PathRefused ? err.reason : (err as Error).message;
    throw userError(
      'state',
      `failed to load existing state directory: mounts_directory '${state.mounts_directory}' ${reason}`,
      {
        location: { file },
        hint: STATE_HINT,
      },
    );
  }
  return state;
}

/** Writes the state atomically, readable by its owner only (it holds generated secrets). */
export async function saveState(projectDir: string, state: State, tool: Tool = SCORE_COMPOSE): Promise<void> {
  if (tool.target === 'compose') await mkdir(join(projectDir, state.mounts_directory), { recursive: true });
  await writeFileAtomic(join(projectDir, tool.stateDir, STATE_FILE), encodeState(state, tool), 0o600);
}

/** A fresh state for `init` (score-k8s's has no project name or mounts directory). */
export function emptyState(project: string, patchingTemplates: string[] = [], tool: Tool = SCORE_COMPOSE): State {
  const k8s = tool.target === 'k8s';
  return {
    workloads: {},
    resources: {},
    shared_state: {},
    compose_project: k8s ? '' : project,
    mounts_directory: k8s ? '' : MOUNTS_DIR,
    patching_templates: patchingTemplates,
  };
}
