import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { GenerateOptions } from './generate.js';
import type { ComposeProject } from '../compose/types.js';
import { normaliseProjectName } from '../compose/project-name.js';
import { userError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { connectRuntime } from '../runtime/engine/connect.js';
import type { ContainerRuntime } from '../runtime/engine/container-runtime.js';
import { down, type DownResult } from '../runtime/down.js';
import { ensureImages } from '../runtime/images/ensure.js';
import { createProgressReporter, silentProgress, type ProgressOutput } from '../runtime/progress/reporter.js';
import { ps, type ServiceStatus } from '../runtime/ps.js';
import { up, type UpResult } from '../runtime/up/up.js';
import { loadState, stateDirExists } from '../state/store.js';

/** Options of {@link upStack}: generate's options plus how to run. */
export interface UpStackOptions extends GenerateOptions {
  /** Wait until every service is healthy, running or completed (default true). */
  wait?: boolean;
  timeoutMs?: number;
  removeOrphans?: boolean;
  /** Rebuild images of services with `build:`. */
  build?: string[];
  rebuild?: boolean;
  /** Where pull/build progress goes (default: nowhere). */
  progress?: ProgressOutput;
  signal?: AbortSignal;
  runtime?: ContainerRuntime;
}

async function runtimeFor(opts: { runtime?: ContainerRuntime; env?: Record<string, string | undefined>; logger: Logger; signal?: AbortSignal }): Promise<ContainerRuntime> {
  if (opts.runtime) return opts.runtime;
  return connectRuntime(opts.env ?? process.env, { logger: opts.logger, ...(opts.signal ? { signal: opts.signal } : {}) });
}

/**
 * `score-compose up`: regenerates the compose file exactly as `generate` does, then converges
 * the Docker engine to it and (by default) waits until every service is ready.
 */
export async function upStack(opts: UpStackOptions): Promise<UpResult & { project: ComposeProject }> {
  const { generate } = await import('./generate.js');
  const generated = await generate(opts);
  const runtime = await runtimeFor(opts);
  const progress = opts.progress ? createProgressReporter(opts.progress) : silentProgress;
  const output = opts.output ?? 'compose.yaml';
  try {
    const result = await up(runtime, {
      project: generated.project,
      projectDir: opts.projectDir,
      configFiles: output === '-' ? [] : [resolve(opts.projectDir, output)],
      wait: opts.wait ?? true,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      removeOrphans: opts.removeOrphans ?? false,
      build: opts.rebuild ?? false,
      logger: opts.logger,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ensureImages: (rt, project, ctx) =>
        ensureImages(rt, project, {
          projectName: ctx.projectName,
          projectDir: ctx.projectDir,
          build: ctx.build,
          progress,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          ...(opts.env ? { env: opts.env } : {}),
        }),
    });
    return { ...result, project: generated.project };
  } finally {
    progress.close();
  }
}

/**
 * The compose project name for `down`, `ps` and `logs`: an explicit name, else the state's,
 * else the compose file's `name:`, else the directory name (as compose derives it).
 */
export async function resolveProjectName(projectDir: string, explicit?: string, composeFile = 'compose.yaml'): Promise<string> {
  if (explicit) return explicit;
  if (await stateDirExists(projectDir)) {
    const state = await loadState(projectDir);
    if (state.compose_project) return state.compose_project;
  }
  const text = await readFile(join(projectDir, composeFile), 'utf8').catch(() => undefined);
  const name = text === undefined ? undefined : (parse(text) as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name !== '') return name;
  const derived = normaliseProjectName(basename(resolve(projectDir)));
  if (!derived) throw userError('usage', 'cannot tell which compose project to use', { hint: 'pass --project-name <name>' });
  return derived;
}

/** Options shared by down/ps/logs. */
export interface ProjectTarget {
  projectDir: string;
  projectName?: string;
  env?: Record<string, string | undefined>;
  logger: Logger;
  signal?: AbortSignal;
  runtime?: ContainerRuntime;
}

/** `score-compose down`: removes the project's containers and networks (and volumes with `volumes`). */
export async function downStack(opts: ProjectTarget & { volumes?: boolean; removeOrphans?: boolean; timeoutSec?: number }): Promise<DownResult> {
  const projectName = await resolveProjectName(opts.projectDir, opts.projectName);
  const runtime = await runtimeFor(opts);
  return down(runtime, {
    projectName,
    volumes: opts.volumes ?? false,
    removeOrphans: opts.removeOrphans ?? false,
    ...(opts.timeoutSec === undefined ? {} : { timeoutSec: opts.timeoutSec }),
    logger: opts.logger,
  });
}

/** `score-compose ps`: the project's containers with state, health and ports. */
export async function psStack(opts: ProjectTarget & { all?: boolean; services?: string[] }): Promise<ServiceStatus[]> {
  const projectName = await resolveProjectName(opts.projectDir, opts.projectName);
  const runtime = await runtimeFor(opts);
  return ps(runtime, { projectName, all: opts.all ?? false, ...(opts.services?.length ? { services: opts.services } : {}) });
}
