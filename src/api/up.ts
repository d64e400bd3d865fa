import { resolve } from 'node:path';
import type { ComposeProject } from '../compose/types.js';
import type { ContainerRuntime } from '../runtime/engine/container-runtime.js';
import { ensureImages } from '../runtime/images/ensure.js';
import { createProgressReporter, silentProgress, type ProgressOutput } from '../runtime/progress/reporter.js';
import { up, type UpResult } from '../runtime/up/up.js';
import type { GenerateOptions } from './generate.js';
import { runtimeFor } from './project.js';

/** Options of {@link upStack}: generate's options plus how to run. */
export interface UpStackOptions extends GenerateOptions {
  /** Wait until every service is healthy, running or completed (default true). */
  wait?: boolean;
  timeoutMs?: number;
  removeOrphans?: boolean;
  /** Rebuild images of services with `build:` even when they exist. */
  rebuild?: boolean;
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
      rebuild: opts.rebuild ?? false,
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
    return { ...result, project: generated.project };
  } finally {
    progress.close();
  }
}
