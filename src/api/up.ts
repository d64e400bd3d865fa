import { resolve } from 'node:path';
import type { ComposeProject } from '../compose/types.js';
import type { ContainerRuntime } from '../runtime/engine/container-runtime.js';
import { ensureImages } from '../runtime/images/ensure.js';
import { createProgressReporter, silentProgress, type ProgressOutput } from '../runtime/progress/reporter.js';
import { up, type UpResult } from '../runtime/up/up.js';
import type { GenerateOptions } from './generate.js';
import { runtimeFor } from './project.js';
import { redactingLogger } from '../secrets/redact.js';

/** Options of {@link upStack}: generate's options plus how to run. */
export interface UpStackOptions extends GenerateOptions {
  /** Wait until every service is healthy, running or completed (default true). */
  wait?: boolean;
  timeoutMs?: number;
  removeOrphans?: boolean;
  /** Rebuild images of services with `build:` even when they exist: all, or the services named. */
  rebuild?: boolean | readonly string[];
  /** `always` (--force-recreate), `never` (--no-recreate); default: containers whose config or files changed. */
  recreate?: 'diverged' | 'always' | 'never';
  /** Keep workload containers whose only change is file content (already rewritten in place): watch's sync. */
  syncContent?: boolean;
  /** Where pull/build progress goes (default: nowhere). */
  progress?: ProgressOutput;
  signal?: AbortSignal;
  runtime?: ContainerRuntime;
}

/**
 * `score-compose up`: regenerates the compose file exactly as `generate` does, then converges
 * the Docker engine to it and (by default) waits until every service is ready.
 */
export async function upStack(opts: UpStackOptions): Promise<UpResult & { project: ComposeProject }> {
  const { withGeneratedProject } = await import('./generate.js');
  // What the engine reports (a failed create, a container's last words) is masked for secrets too.
  opts = { ...opts, logger: redactingLogger(opts.logger) };
  // The new compose file and state are written only once the stack is up: a workload that
  // failed to start is not stored, and the previous files stay as they were.
  return withGeneratedProject(opts, async (generated) => {
    const runtime = await runtimeFor(opts);
    await generated.outputs.applyMounts();
    const result = await converge(runtime, generated.project, generated.secretVariables, opts);
    await generated.outputs.commit();
    return { ...result, project: generated.project };
  });
}

async function converge(
  runtime: ContainerRuntime,
  project: ComposeProject,
  secrets: Record<string, string>,
  opts: UpStackOptions,
): Promise<UpResult> {
  const progress = opts.progress ? createProgressReporter(opts.progress) : silentProgress;
  const output = opts.output ?? 'compose.yaml';
  try {
    return await up(runtime, {
      project,
      secrets,
      projectDir: opts.projectDir,
      configFiles: output === '-' ? [] : [resolve(opts.projectDir, output)],
      wait: opts.wait ?? true,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      removeOrphans: opts.removeOrphans ?? false,
      rebuild: opts.rebuild ?? false,
      ...(opts.recreate === undefined ? {} : { recreate: opts.recreate }),
      ...(opts.syncContent === undefined ? {} : { syncContent: opts.syncContent }),
      logger: opts.logger,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ensureImages: (rt, project, ctx) =>
        ensureImages(rt, project, {
          projectName: ctx.projectName,
          projectDir: ctx.projectDir,
          rebuild: ctx.rebuild,
          progress,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          ...(opts.env ? { env: opts.env } : {}),
        }),
    });
  } finally {
    progress.close();
  }
}
