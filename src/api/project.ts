import { basename, join, resolve } from 'node:path';
import { normaliseProjectName } from '../compose/project-name.js';
import { userError } from '../common/errors.js';
import { readRegularFile } from '../fs/confine.js';
import type { Logger } from '../common/log.js';
import { parseYamlValue } from '../yaml/yaml.js';
import { connectRuntime } from '../runtime/engine/connect.js';
import type { ContainerRuntime } from '../runtime/engine/container-runtime.js';
import { loadState, stateDirExists } from '../state/store.js';

/** Options shared by the operations on a running project (down, ps, logs). */
export interface ProjectTarget {
  projectDir: string;
  projectName?: string;
  env?: Record<string, string | undefined>;
  logger: Logger;
  signal?: AbortSignal;
  runtime?: ContainerRuntime;
}

/** The given runtime, or a connection to the engine the environment points at. */
export async function runtimeFor(opts: {
  runtime?: ContainerRuntime;
  env?: Record<string, string | undefined>;
  logger: Logger;
  signal?: AbortSignal;
}): Promise<ContainerRuntime> {
  if (opts.runtime) return opts.runtime;
  return connectRuntime(opts.env ?? process.env, {
    logger: opts.logger,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/**
 * The compose project name for `down`, `ps` and `logs`: an explicit name, else the state's,
 * else the compose file's `name:`, else the directory name (as compose derives it).
 */
export async function resolveProjectName(
  projectDir: string,
  explicit?: string,
  composeFile = 'compose.yaml',
): Promise<string> {
  if (explicit) return explicit;
  if (await stateDirExists(projectDir)) {
    const state = await loadState(projectDir);
    if (state.compose_project) return state.compose_project;
  }
  const path = join(projectDir, composeFile);
  // A regular file only: a FIFO or a device there must not hang or flood the run.
  const text = await readRegularFile(path, { maxBytes: 64 * 1024 * 1024 }).then(
    (b) => b.toString('utf8'),
    () => undefined,
  );
  const name = text === undefined ? undefined : nameOf(text, path);
  if (name !== undefined) return name;
  const derived = normaliseProjectName(basename(resolve(projectDir)));
  if (!derived)
    throw userError('usage', 'cannot tell which compose project to use', { hint: 'pass --project-name <name>' });
  return derived;
}

function nameOf(text: string, file: string): string | undefined {
  const doc = parseYamlValue(text, { source: file });
  const name = typeof doc === 'object' && doc !== null ? (doc as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
