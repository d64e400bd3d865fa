// Engine calls that converge one service: create, recreate (new container first, then the old
// one goes, then the rename), and a start serialised across the whole run.

import { ScoreComposeError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { ContainerRuntime } from '../engine/container-runtime.js';
import { EngineRequestError, isNotFound, isNotModified } from '../engine/container-runtime.js';
import type { ContainerSpec } from '../spec/container-spec.js';
import { isAnonymousVolume, temporaryContainerName } from '../identity/names.js';
import type { ObservedContainer } from './plan.js';

/**
 * A mutex for starts: the engine allocates published ports non-atomically, so compose never
 * starts two containers at once. Of the starts waiting when it frees, the one with the highest
 * priority goes next (ties: first come). The grant waits for the event loop's next turn, so
 * starts requested in the same turn (services that became ready together) compete on priority
 * rather than on which request happened to run first.
 */
export class StartLock {
  private busy = false;
  private granting = false;
  private seq = 0;
  private readonly waiting: { priority: number; seq: number; go: () => void }[] = [];

  /** Runs `fn` once the lock is free and no waiting start has a higher priority. */
  async run<T>(fn: () => Promise<T>, priority = 0): Promise<T> {
    await new Promise<void>((go) => {
      this.waiting.push({ priority, seq: this.seq++, go });
      this.grantLater();
    });
    try {
      return await fn();
    } finally {
      this.busy = false;
      this.grantLater();
    }
  }

  private grantLater(): void {
    if (this.busy || this.granting || this.waiting.length === 0) return;
    this.granting = true;
    setImmediate(() => {
      this.granting = false;
      if (this.busy) return;
      let best = 0;
      for (let i = 1; i < this.waiting.length; i++) {
        const [w, b] = [this.waiting[i]!, this.waiting[best]!];
        if (w.priority > b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
      }
      const [next] = this.waiting.splice(best, 1);
      if (next === undefined) return;
      this.busy = true;
      next.go();
    });
  }
}

async function createAs(runtime: ContainerRuntime, name: string, spec: ContainerSpec): Promise<string> {
  const { Id } = await runtime.createContainer(
    name,
    spec.body,
    spec.platform === undefined ? {} : { platform: spec.platform },
  );
  // API < 1.44 accepts one endpoint at create; the others are connected before the first start.
  for (const extra of spec.extraNetworks) await runtime.connectNetwork(extra.network, Id, extra.endpoint);
  return Id;
}

/** Creates the container of a service; returns its id. */
export async function createServiceContainer(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  logger: Logger,
): Promise<string> {
  const id = await createAs(runtime, spec.name, spec);
  logger.info(`Container ${spec.name}  Created`);
  return id;
}

/**
 * The spec plus the old container's anonymous volumes (an image's VOLUME paths nothing else
 * mounts), as compose carries them over on recreate: their data survives, and they do not pile
 * up as dangling volumes on every recreate.
 */
async function withAnonymousVolumes(
  runtime: ContainerRuntime,
  oldId: string,
  spec: ContainerSpec,
): Promise<ContainerSpec> {
  const old = await runtime.inspectContainer(oldId).catch(() => undefined);
  const mounts = spec.body.HostConfig?.Mounts ?? [];
  const taken = new Set(mounts.map((m) => m.Target));
  const carried = (old?.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && isAnonymousVolume(m.Name) && !taken.has(m.Destination))
    .map((m) => ({ Type: 'volume' as const, Source: m.Name as string, Target: m.Destination }));
  if (carried.length === 0) return spec;
  return { ...spec, body: { ...spec.body, HostConfig: { ...spec.body.HostConfig, Mounts: [...mounts, ...carried] } } };
}

/**
 * Replaces `old` with a container built from `spec`: create under a temporary name, stop and
 * remove the old one, rename.
 */
export async function recreateServiceContainer(
  runtime: ContainerRuntime,
  old: ObservedContainer,
  spec: ContainerSpec,
  stopTimeoutSec: number | undefined,
  reason: string,
  logger: Logger,
): Promise<string> {
  logger.info(`Container ${spec.name}  Recreate (${reason})`);
  const id = await createAs(
    runtime,
    temporaryContainerName(old.id, spec.name),
    await withAnonymousVolumes(runtime, old.id, spec),
  );
  await stopSaying(runtime, old, stopTimeoutSec, logger);
  try {
    await runtime.removeContainer(old.id, { force: true });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await runtime.renameContainer(id, spec.name);
  logger.info(`Container ${spec.name}  Recreated`);
  return id;
}

/** After this long, a container that has not stopped gets a line saying what `up` waits for. */
const SLOW_STOP_NOTICE_MS = 2_000;

/**
 * Stops a container; when it ignores SIGTERM, says that up is waiting for the stop timeout before
 * the engine kills it, instead of hanging silently.
 */
async function stopSaying(
  runtime: ContainerRuntime,
  c: ObservedContainer,
  timeoutSec: number | undefined,
  logger: Logger,
): Promise<void> {
  if (c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused') return;
  const limit = timeoutSec ?? 10;
  const notice = setTimeout(() => {
    logger.info(
      `Container ${c.name}  Stopping: still running ${SLOW_STOP_NOTICE_MS / 1000}s after SIGTERM; the engine kills it at ${limit}s`,
    );
  }, SLOW_STOP_NOTICE_MS);
  try {
    await runtime.stopContainer(c.id, timeoutSec === undefined ? {} : { timeoutSec });
  } catch (err) {
    if (!isNotFound(err) && !isNotModified(err)) throw err;
  } finally {
    clearTimeout(notice);
  }
}

// The engine's wordings for a host port held by another process or container (userland proxy,
// port allocator, newer engines).
const TAKEN_PORT = /(?:listen tcp[46]? |Bind for )(\S*):(\d+)(?::| failed)[^]*(?:already in use|already allocated)/;

/** A start the engine refused, as a user error naming the service; a taken host port is said plainly. */
export function startFailureError(service: string, containerName: string, err: EngineRequestError): ScoreComposeError {
  const detail = err.message.replace(/^start container \S+: /, '');
  const port = TAKEN_PORT.exec(detail)?.[2];
  if (port !== undefined) {
    return new ScoreComposeError(
      'runtime',
      `service "${service}": host port ${port} is already in use, so container ${containerName} cannot publish it`,
      {
        details: [detail],
        hint: `stop whatever listens on port ${port}, or publish the service on another host port`,
        cause: err,
      },
    );
  }
  return new ScoreComposeError(
    'runtime',
    `service "${service}": container ${containerName} failed to start: ${detail}`,
    { cause: err },
  );
}

/** Starts a container under the lock; "already started" counts as success. */
export async function startServiceContainer(
  runtime: ContainerRuntime,
  lock: StartLock,
  id: string,
  name: string,
  logger: Logger,
  service = name,
  priority = 0,
): Promise<void> {
  await lock.run(async () => {
    try {
      await runtime.startContainer(id);
    } catch (err) {
      if (isNotModified(err)) return;
      // Status 0 means no answer at all: an engine problem, not this service's.
      if (err instanceof EngineRequestError && err.statusCode !== 0) throw startFailureError(service, name, err);
      throw err;
    }
  }, priority);
  logger.info(`Container ${name}  Started`);
}
