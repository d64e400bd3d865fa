// Ensure images, the first step of `up` as in compose: keep what is present, pull what the pull
// policy asks for (each reference once, several at a time), then build the services that have
// `build:`. A failed pull falls back to the build when the service has one.

import type { ComposeProject } from '../../compose/types.js';
import { ScoreComposeError, userError } from '../../common/errors.js';
import { isEngineUnreachable, type ContainerRuntime } from '../engine/container-runtime.js';
import { buildServiceImage } from './build.js';
import { planImages, shouldPull, type ImageNeed, type PullPolicy, type Rebuild } from './plan.js';
import type { ProgressReporter } from '../progress/reporter.js';
import { PullProgress } from './pull-progress.js';

/** Options of {@link ensureImages}. */
export interface EnsureImagesOptions {
  projectName: string;
  /** Build contexts are relative to this directory. */
  projectDir: string;
  /** Rebuild every service with `build:` (`up --build`). */
  rebuild?: Rebuild;
  /** Overrides each service's `pull_policy` (`up --pull`). */
  pullPolicy?: PullPolicy;
  progress: ProgressReporter;
  signal?: AbortSignal;
  /** Build args given without a value are read from here. */
  env?: Record<string, string | undefined>;
  /** Registry credentials for a reference (X-Registry-Auth), when the caller knows them. */
  authFor?: (ref: string) => Promise<Record<string, string> | undefined>;
  /** Pulls running at the same time (default 4). */
  concurrency?: number;
}

/** Makes every service's image available locally, pulling and building as compose would. */
export async function ensureImages(
  runtime: ContainerRuntime,
  project: ComposeProject,
  opts: EnsureImagesOptions,
): Promise<void> {
  const needs = planImages(project, opts);
  const toBuild: ImageNeed[] = [];
  const failures: ScoreComposeError[] = [];
  await forEachLimited(needs, opts.concurrency ?? 4, async (need) => {
    try {
      if (await obtain(runtime, need, opts)) toBuild.push(need);
    } catch (err) {
      failures.push(asUserError(err));
    }
  });
  throwIfAborted(opts.signal);
  const [first, ...others] = failures;
  if (first !== undefined) {
    throw others.length === 0
      ? first
      : userError(first.code, first.message, { hint: first.hint, cause: first, details: others.map((e) => e.message) });
  }
  // The classic builder is CPU-bound; one build at a time keeps small machines responsive.
  for (const need of needs.filter((n) => toBuild.includes(n))) {
    const builder = need.builder;
    if (builder === undefined) continue;
    await buildServiceImage(runtime, {
      service: builder.service,
      ref: need.ref,
      build: builder.build,
      projectName: opts.projectName,
      projectDir: opts.projectDir,
      progress: opts.progress,
      ...(opts.env === undefined ? {} : { env: opts.env }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
  }
}

// Pulls when the policy says so; returns true when the image must be built.
async function obtain(runtime: ContainerRuntime, need: ImageNeed, opts: EnsureImagesOptions): Promise<boolean> {
  const present = (await runtime.inspectImage(need.ref)) !== undefined;
  if (need.builder !== undefined && need.forceBuild) return true;
  if (shouldPull(need, present)) {
    try {
      await pull(runtime, need, opts);
      return false;
    } catch (err) {
      if (need.builder === undefined || opts.signal?.aborted === true) throw err;
      // compose tolerates a failed pull when the service can be built instead.
      return true;
    }
  }
  if (present) return false;
  if (need.builder !== undefined) return true;
  throw userError(
    'runtime',
    `image '${need.ref}' for ${serviceList(need.services)} is not present and pull_policy is ${need.policy}`,
    {
      hint: `pull or build it first (docker pull ${need.ref}), or use pull_policy: missing`,
    },
  );
}

async function pull(runtime: ContainerRuntime, need: ImageNeed, opts: EnsureImagesOptions): Promise<void> {
  const rowId = `pull:${need.ref}`;
  opts.progress.start(rowId, `Pulling ${need.services.join(', ')}`);
  const layers = new PullProgress();
  try {
    const authconfig = await opts.authFor?.(need.ref);
    await runtime.pullImage(need.ref, {
      ...(authconfig === undefined ? {} : { authconfig }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      onProgress: (m) => {
        const detail = layers.push(m);
        if (detail !== undefined) opts.progress.update(rowId, detail);
      },
    });
    opts.progress.finish(rowId, 'done');
  } catch (err) {
    opts.progress.finish(rowId, 'error');
    throwIfAborted(opts.signal);
    const detail = (err instanceof Error ? err.message : String(err)).replace(/^pull image \S+: /, '');
    // The engine's own answer (no such image, access denied, no registry) is a failed stack (4); no answer is 3.
    throw new ScoreComposeError(
      isEngineUnreachable(err) ? 'engine' : 'runtime',
      `failed to pull image '${need.ref}' for ${serviceList(need.services)}: ${detail}`,
      {
        cause: err,
        ...pullHint(detail, need.ref),
      },
    );
  }
}

/** A hint for the usual reasons a pull fails. */
export function pullHint(detail: string, ref: string): { hint?: string } {
  if (
    /no such host|dial tcp|connection refused|i\/o timeout|network is unreachable|TLS handshake timeout|server misbehaving|name resolution/i.test(
      detail,
    )
  ) {
    return {
      hint: `no container registry is reachable from the Docker engine; load or build '${ref}' locally (docker load, docker build -t ${ref} .) or give the service a build: section`,
    };
  }
  if (/pull access denied|unauthorized|authentication required|denied/i.test(detail)) {
    return { hint: `check the image name, or log in to its registry (docker login)` };
  }
  if (/manifest unknown|not found/i.test(detail)) return { hint: `check that the tag of '${ref}' exists` };
  return {};
}

function serviceList(services: string[]): string {
  return services.length === 1
    ? `service '${services[0] ?? ''}'`
    : `services ${services.map((s) => `'${s}'`).join(', ')}`;
}

function asUserError(err: unknown): ScoreComposeError {
  if (err instanceof ScoreComposeError) return err;
  return new ScoreComposeError(
    isEngineUnreachable(err) ? 'engine' : 'runtime',
    err instanceof Error ? err.message : String(err),
    { cause: err },
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw userError('interrupted', 'interrupted while pulling or building images');
}

// Runs `fn` over `items` with at most `limit` calls in flight.
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/** ensureImages in the shape of up's image step: progress, pull policy and env are fixed up front. */
export function ensureImagesStep(
  progress: ProgressReporter,
  fixed: Pick<EnsureImagesOptions, 'pullPolicy' | 'env' | 'authFor' | 'concurrency'> = {},
): (
  runtime: ContainerRuntime,
  project: ComposeProject,
  ctx: { projectName: string; projectDir: string; rebuild: Rebuild; signal?: AbortSignal },
) => Promise<void> {
  return (runtime, project, ctx) => ensureImages(runtime, project, { ...fixed, ...ctx, progress });
}
