// The reconcile-and-start walk of `up`: each service waits until its dependencies were
// visited and their depends_on conditions hold, then is kept, created or recreated and
// started. The first failure aborts the walk; then `--wait` checks every service.

import type { ComposeProject, ComposeService } from '../../compose/types.js';
import type { Logger } from '../../common/log.js';
import type { ContainerRuntime } from '../engine/container-runtime.js';
import { buildContainerSpec, type ContainerSpec, type SpecContext } from '../spec/container-spec.js';
import { WaitFailure, type ContainerWatcher } from './container-watch.js';
import type { Plan } from './plan.js';
import { createServiceContainer, recreateServiceContainer, startServiceContainer, StartLock } from './reconcile.js';
import { dependentDepths, serviceDependencies } from '../../compose/service-graph.js';
import { stopTimeoutSeconds } from '../spec/fields.js';
import { conditionTarget, finalWaitTarget, type WaitTarget, type WatchedState } from './wait-conditions.js';
import { waitFailureError, type WaitContext } from './wait-errors.js';
import type { ServiceIdentity } from './plan.js';
import { composeConfigHash } from '../identity/config-hash.js';
import { networkModeService } from './project-checks.js';
import { EarlyProbes } from './early-health.js';

/** One service after `up`. */
export interface StartedService {
  service: string;
  containerId: string;
  containerName: string;
  action: 'created' | 'recreated' | 'kept';
  /** Why it was recreated. */
  reason?: string;
}

/** Inputs of startServices. */
export interface StartContext {
  project: ComposeProject;
  plan: Plan;
  imageIds: Map<string, string>;
  specContext: (
    identity: ServiceIdentity,
    imageId: string | undefined,
    ids: (s: string) => string | undefined,
  ) => SpecContext;
  watcher: ContainerWatcher;
  wait: boolean;
  logger: Logger;
  /** Aborted on Ctrl-C, timeout or the first failure; its reason is the error to throw. */
  signal: AbortSignal;
  /** The project directory (relative binds, config hashes). */
  projectDir: string;
  /** Services not yet where `up` wants them (for the timeout message); each is removed once it is. */
  pending: Set<string>;
  /** Aborts `signal` (fail fast on the first error). */
  abort: (reason: unknown) => void;
  /** Services waited on with service_completed_successfully. */
  oneShots: Set<string>;
  /** The config hash (and a one-shot's mounted-content digest) of every service, as planned. */
  identities: Map<string, ServiceIdentity>;
}

/**
 * With `--wait`, a service without a healthcheck counts as up once it has kept running this long
 * (compose counts it at once): a program that fails at start-up (a missing config file, a bad
 * flag) exits within milliseconds, and `up` must report that rather than race it. A container
 * that was already running costs nothing (ContainerWatcher.waitFor).
 */
const RUNNING_SETTLE_MS = 500;

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

async function waitOn(
  ctx: StartContext,
  runtime: ContainerRuntime,
  service: string,
  started: StartedService,
  target: WaitTarget,
  why: WaitContext,
  signal: AbortSignal = ctx.signal,
): Promise<WatchedState> {
  try {
    const settleMs = why.kind === 'final' ? RUNNING_SETTLE_MS : 0;
    return await ctx.watcher.waitFor(started.containerId, target, signal, { settleMs });
  } catch (err) {
    if (err instanceof WaitFailure) throw await waitFailureError(runtime, service, started.containerName, err, why);
    throw err;
  }
}

/**
 * A `service_healthy` dependency: whichever comes first, the engine's healthy status or the
 * service's own healthcheck passing when we run it (early-health.ts). A failure (the container
 * exits, the engine calls it unhealthy) still comes from the engine.
 */
async function dependencyHealthy(
  runtime: ContainerRuntime,
  ctx: StartContext,
  early: EarlyProbes,
  dep: string,
  started: StartedService,
  dependent: string,
): Promise<void> {
  const engineWait = new AbortController();
  const onAbort = (): void => engineWait.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const engine = waitOn(ctx, runtime, dep, started, 'healthy', { kind: 'dependency', dependent }, engineWait.signal);
  try {
    const how = await Promise.race([
      engine.then(() => 'engine' as const),
      early
        .passed(started.containerId)
        .then((passed) => (passed ? ('probe' as const) : engine.then(() => 'engine' as const))),
    ]);
    if (how === 'probe')
      ctx.logger.debug(
        `Container ${started.containerName}  Healthy (its healthcheck passed when run by us, for "${dependent}")`,
      );
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    engineWait.abort();
    engine.catch(() => undefined);
  }
}

async function awaitConditions(
  runtime: ContainerRuntime,
  ctx: StartContext,
  early: EarlyProbes,
  name: string,
  svc: ComposeService,
  done: Map<string, Promise<StartedService>>,
): Promise<void> {
  for (const [dep, cfg] of Object.entries(svc.depends_on ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = conditionTarget(cfg.condition);
    const depTask = done.get(dep);
    if (target === 'started' || depTask === undefined) continue;
    const started = await depTask;
    try {
      if (target === 'healthy') await dependencyHealthy(runtime, ctx, early, dep, started, name);
      else await waitOn(ctx, runtime, dep, started, target, { kind: 'dependency', dependent: name });
    } catch (err) {
      if (cfg.required !== false || ctx.signal.aborted) throw err;
      const why = err instanceof Error ? err.message : String(err);
      ctx.logger.warn(`optional dependency "${dep}" of service "${name}" failed (${why}); starting "${name}" anyway`);
    }
  }
}

/**
 * Whether a kept one-shot container that already exited 0 can count as completed without
 * running again: its configuration and mounted files are unchanged (it was kept: both are in
 * its config hash) and nothing it depends on was created, recreated or started in this run.
 * This is what makes a second `up` with no change fast; compose re-runs such containers every
 * time, which for idempotent init jobs only costs time.
 */
async function alreadyCompleted(
  runtime: ContainerRuntime,
  ctx: StartContext,
  name: string,
  svc: ComposeService,
  containerId: string,
  touched: Set<string>,
): Promise<boolean> {
  if (!ctx.oneShots.has(name)) return false;
  if (serviceDependencies(svc).some((dep) => touched.has(dep))) return false;
  const inspected = await runtime.inspectContainer(containerId);
  return inspected.State.Status === 'exited' && inspected.State.ExitCode === 0;
}

/** The container spec of a service as planned; its notes (ignored fields and the like) are logged. */
function serviceSpec(ctx: StartContext, name: string, ids: Map<string, string>): ContainerSpec {
  const svc = ctx.project.services[name] ?? {};
  const base = ctx.identities.get(name) ?? { configHash: '' };
  // Compose hashes a service that shares another's network namespace with that one's container id.
  const parent = networkModeService(svc);
  const parentId = parent === undefined ? undefined : ids.get(parent);
  const identity =
    parentId === undefined ? base : { ...base, configHash: composeConfigHash(svc, ctx.projectDir, parentId) };
  const spec = buildContainerSpec(
    name,
    svc,
    ctx.specContext(identity, ctx.imageIds.get(name), (s) => ids.get(s)),
  );
  for (const note of spec.notes) ctx.logger.debug(note);
  return spec;
}

/** A container made ahead of its start. */
interface Precreated {
  id: string;
  name: string;
}

/**
 * Creates, all at once, the containers of the services planned as `create`, as compose's `up`
 * creates every container before it starts any: the dependency chain then costs only starts and
 * waits, not creates. A service in another's network namespace needs that one's container id
 * first, so it is created on its turn.
 */
async function precreate(
  runtime: ContainerRuntime,
  ctx: StartContext,
  ids: Map<string, string>,
): Promise<Map<string, Precreated>> {
  const made = new Map<string, Precreated>();
  const names = ctx.plan.order.filter(
    (name) =>
      ctx.plan.actions[name]?.kind === 'create' && networkModeService(ctx.project.services[name] ?? {}) === undefined,
  );
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const spec = serviceSpec(ctx, name, ids);
      checkAborted(ctx.signal);
      made.set(name, { id: await createServiceContainer(runtime, spec, ctx.logger), name: spec.name });
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return made;
}

async function convergeService(
  runtime: ContainerRuntime,
  ctx: StartContext,
  lock: StartLock,
  name: string,
  ids: Map<string, string>,
  touched: Set<string>,
  ahead: { precreated: Map<string, Precreated>; priority: number },
): Promise<StartedService> {
  const svc = ctx.project.services[name] ?? {};
  const action = ctx.plan.actions[name];
  if (action === undefined) throw new Error(`no plan for service ${name}`);
  const made = ahead.precreated.get(name);
  if (made !== undefined) {
    checkAborted(ctx.signal);
    const started: StartedService = {
      service: name,
      containerId: made.id,
      containerName: made.name,
      action: 'created',
    };
    ids.set(name, made.id);
    touched.add(name);
    await startServiceContainer(runtime, lock, made.id, made.name, ctx.logger, name, ahead.priority);
    return started;
  }
  const spec = serviceSpec(ctx, name, ids);
  checkAborted(ctx.signal);
  let started: StartedService;
  let running = false;
  if (action.kind === 'keep') {
    started = { service: name, containerId: action.container.id, containerName: action.container.name, action: 'kept' };
    running = action.container.state === 'running' || action.container.state === 'restarting';
    if (running) ctx.logger.info(`Container ${action.container.name}  Running`);
    else if (
      action.container.state === 'exited' &&
      (await alreadyCompleted(runtime, ctx, name, svc, action.container.id, touched))
    ) {
      ctx.logger.info(`Container ${action.container.name}  Completed (unchanged, not run again)`);
      ids.set(name, started.containerId);
      return started;
    }
  } else if (action.kind === 'create') {
    const id = await createServiceContainer(runtime, spec, ctx.logger);
    started = { service: name, containerId: id, containerName: spec.name, action: 'created' };
  } else {
    const id = await recreateServiceContainer(
      runtime,
      action.container,
      spec,
      stopTimeoutSeconds(name, svc.stop_grace_period),
      action.reason,
      ctx.logger,
    );
    started = { service: name, containerId: id, containerName: spec.name, action: 'recreated', reason: action.reason };
  }
  ids.set(name, started.containerId);
  checkAborted(ctx.signal);
  if (!running) {
    touched.add(name);
    await startServiceContainer(
      runtime,
      lock,
      started.containerId,
      started.containerName,
      ctx.logger,
      name,
      ahead.priority,
    );
  }
  return started;
}

/** Converges and starts every service in dependency order; with `wait`, then waits for all of them. */
export async function startServices(runtime: ContainerRuntime, ctx: StartContext): Promise<StartedService[]> {
  const lock = new StartLock();
  const ids = new Map<string, string>();
  const touched = new Set<string>();
  const tasks = new Map<string, Promise<StartedService>>();
  checkAborted(ctx.signal);
  const precreated = await precreate(runtime, ctx, ids);
  const depths = dependentDepths(ctx.project, ctx.plan.order);
  const early = new EarlyProbes(runtime, ctx.signal);
  try {
    return await walk(runtime, ctx, { lock, ids, touched, tasks, precreated, depths, early });
  } finally {
    early.close();
  }
}

async function walk(
  runtime: ContainerRuntime,
  ctx: StartContext,
  w: {
    lock: StartLock;
    ids: Map<string, string>;
    touched: Set<string>;
    tasks: Map<string, Promise<StartedService>>;
    precreated: Map<string, Precreated>;
    depths: Map<string, number>;
    early: EarlyProbes;
  },
): Promise<StartedService[]> {
  const { lock, ids, touched, tasks, precreated, depths, early } = w;
  let firstError: unknown;
  const fail = (err: unknown): void => {
    if (firstError !== undefined) return;
    // Ctrl-C or a timeout: report that, not the waits it cut short.
    firstError = ctx.signal.aborted ? ctx.signal.reason : err;
    if (!ctx.signal.aborted) ctx.abort(err);
  };
  for (const name of ctx.plan.order) {
    const svc = ctx.project.services[name] ?? {};
    const task = (async () => {
      for (const dep of serviceDependencies(svc)) await tasks.get(dep);
      checkAborted(ctx.signal);
      await awaitConditions(runtime, ctx, early, name, svc, tasks);
      checkAborted(ctx.signal);
      return convergeService(runtime, ctx, lock, name, ids, touched, {
        precreated,
        priority: depths.get(name) ?? 0,
      });
    })();
    task.catch(fail);
    tasks.set(name, task);
  }
  await Promise.allSettled(tasks.values());
  // Every dependant has started: the final wait goes by the engine's status alone.
  early.close();
  if (firstError !== undefined) throw firstError;
  const started = await Promise.all(ctx.plan.order.map((n) => tasks.get(n) as Promise<StartedService>));
  if (!ctx.wait) {
    ctx.pending.clear();
    return started;
  }

  // A one-shot that another service waits on with service_completed_successfully is expected to exit 0.
  const adopted = ctx.oneShots;
  // A service that reached its target must stay up until every other service has too (fail fast on a crash).
  const sentinels = new AbortController();
  const onAbort = (): void => sentinels.abort();
  const handling: Promise<void>[] = [];
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const waits = started.map(async (s) => {
    try {
      const target = finalWaitTarget(adopted.has(s.service));
      const state = await waitOn(ctx, runtime, s.service, s, target, { kind: 'final' });
      ctx.pending.delete(s.service);
      const word = state.status === 'exited' ? 'Exited' : state.health === 'healthy' ? 'Healthy' : 'Running';
      ctx.logger.info(`Container ${s.containerName}  ${word}`);
      if (target !== 'completed') {
        const sentinel = ctx.watcher.waitFor(s.containerId, 'stays-up', sentinels.signal).then(
          () => undefined,
          async (err: unknown) => {
            if (sentinels.signal.aborted && !(err instanceof WaitFailure)) return;
            fail(
              err instanceof WaitFailure
                ? await waitFailureError(runtime, s.service, s.containerName, err, { kind: 'final' })
                : err,
            );
          },
        );
        handling.push(sentinel);
      }
    } catch (err) {
      fail(err);
    }
  });
  await Promise.all(waits);
  sentinels.abort();
  await Promise.all(handling);
  ctx.signal.removeEventListener('abort', onAbort);
  if (firstError !== undefined) throw firstError;
  return started;
}
