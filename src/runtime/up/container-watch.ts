// Waits on containers using engine events instead of polling. One subscription per `up`,
// opened before any container starts. Each relevant event triggers an inspect of that
// container, so a late-delivered (stale) event can never leave a wait stuck on old state.

import { ScoreComposeError } from '../../common/errors.js';
import type { ContainerInspect, ContainerRuntime, EngineEvent } from '../engine/container-runtime.js';
import { isNotFound } from '../engine/container-runtime.js';
import { LABEL_PROJECT } from '../identity/labels.js';
import type { WaitOutcome, WaitTarget, WatchedState } from './wait-conditions.js';
import { evaluateWait, stateFromInspect } from './wait-conditions.js';

/** A wait ended in a state that can no longer reach the target. */
export class WaitFailure extends Error {
  constructor(
    readonly containerId: string,
    readonly target: WaitTarget,
    readonly outcome: Exclude<WaitOutcome, { kind: 'ok' } | { kind: 'pending' }>,
    readonly state: WatchedState,
  ) {
    super(`container ${containerId}: ${outcome.kind}`);
    this.name = 'WaitFailure';
  }
}

interface Waiter {
  id: string;
  target: WaitTarget;
  /** How long a container without a healthcheck must keep running before `running` counts. */
  settleMs: number;
  /** When (our clock) it counts as running since; reset whenever it is seen not running. */
  runningSince?: number;
  settleTimer?: ReturnType<typeof setTimeout>;
  resolve: (s: WatchedState) => void;
  reject: (err: unknown) => void;
  inspecting: boolean;
  dirty: boolean;
  done: boolean;
}

const RELEVANT = /^(start|restart|die|destroy|pause|unpause|oom|health_status)/;
const REMOVED: WatchedState = { status: 'removed', exitCode: -1, hasHealthcheck: false };

/** Watches one project's containers and resolves waits from engine events. */
export class ContainerWatcher {
  private readonly waiters = new Set<Waiter>();
  private readonly controller = new AbortController();
  private broken: unknown;

  private constructor(private readonly runtime: ContainerRuntime) {}

  /** Subscribes to the project's container events; resolves once the engine accepted the subscription. */
  static async start(runtime: ContainerRuntime, projectName: string): Promise<ContainerWatcher> {
    const w = new ContainerWatcher(runtime);
    await new Promise<void>((resolve, reject) => {
      const loop = async (): Promise<void> => {
        try {
          const events = runtime.events({
            filters: { type: ['container'], label: [`${LABEL_PROJECT}=${projectName}`] },
            signal: w.controller.signal,
            onOpen: resolve,
          });
          for await (const ev of events) w.onEvent(ev);
          if (!w.controller.signal.aborted)
            w.breakAll(
              new ScoreComposeError('engine', 'the Docker engine closed the event stream', {
                hint: 'check that the engine is running (docker info), then run the command again',
              }),
            );
        } catch (err) {
          reject(err);
          w.breakAll(err);
        }
      };
      void loop();
    });
    return w;
  }

  /** Stops the subscription; pending waits are left to their own signals. */
  close(): void {
    this.controller.abort();
  }

  /**
   * Resolves when the container reaches `target`; rejects with WaitFailure when it cannot, or when
   * `signal` aborts. With `settleMs`, a container without a healthcheck reaches `running` only once
   * it has kept running that long: a process that crashes at start-up is running for an instant,
   * and calling that "up" would hide the most common failure there is (see settledFor).
   */
  waitFor(
    id: string,
    target: WaitTarget,
    signal?: AbortSignal,
    opts: { settleMs?: number } = {},
  ): Promise<WatchedState> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise<WatchedState>((resolve, reject) => {
      const onAbort = (): void =>
        this.finish(w, () => reject(signal?.reason ?? new ScoreComposeError('interrupted', 'interrupted')));
      const w: Waiter = {
        id,
        target,
        settleMs: opts.settleMs ?? 0,
        resolve: (s) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(s);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
        inspecting: false,
        dirty: false,
        done: false,
      };
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(w);
      void this.refresh(w);
    });
  }

  private onEvent(ev: EngineEvent): void {
    if (!RELEVANT.test(ev.Action)) return;
    for (const w of this.waiters) if (w.id === ev.Actor.ID) void this.refresh(w);
  }

  private breakAll(err: unknown): void {
    this.broken = err;
    for (const w of [...this.waiters]) this.finish(w, () => w.reject(err));
  }

  private finish(w: Waiter, settle: () => void): void {
    if (w.done) return;
    w.done = true;
    clearTimeout(w.settleTimer);
    this.waiters.delete(w);
    settle();
  }

  // Inspects until no event arrived meanwhile; the last inspect is never older than the last event.
  private async refresh(w: Waiter): Promise<void> {
    if (w.inspecting) {
      w.dirty = true;
      return;
    }
    w.inspecting = true;
    try {
      do {
        w.dirty = false;
        let state: WatchedState;
        let inspected: ContainerInspect | undefined;
        try {
          inspected = await this.runtime.inspectContainer(w.id);
          state = stateFromInspect(inspected);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          state = REMOVED;
        }
        if (w.done) return;
        const outcome = evaluateWait(w.target, state);
        if (outcome.kind === 'ok') {
          const wait = this.settleWait(w, state, inspected);
          if (wait <= 0) return this.finish(w, () => w.resolve(state));
          clearTimeout(w.settleTimer);
          w.settleTimer = setTimeout(() => void this.refresh(w), wait);
          continue;
        }
        w.runningSince = undefined;
        if (outcome.kind !== 'pending')
          return this.finish(w, () => w.reject(new WaitFailure(w.id, w.target, outcome, state)));
      } while (w.dirty);
    } catch (err) {
      this.finish(w, () => w.reject(err));
    } finally {
      w.inspecting = false;
    }
  }

  /** How much longer `w` must see its container running before `running` counts (0: it counts now). */
  private settleWait(w: Waiter, state: WatchedState, inspected: ContainerInspect | undefined): number {
    const applies = w.target === 'running' || (w.target === 'running-or-healthy' && !state.hasHealthcheck);
    if (!applies || w.settleMs <= 0 || state.status !== 'running') return 0;
    const now = Date.now();
    w.runningSince ??= now - settledFor(inspected?.State.StartedAt, now, w.settleMs);
    return w.runningSince + w.settleMs - now;
  }
}

/**
 * How long the engine says a container has been running, as credit towards the settle time:
 * bounded to [0, settleMs], so a container running since before this `up` costs no wait, and an
 * engine whose clock disagrees with ours can only shorten the settle wait or lengthen it to settleMs,
 * never hold it forever.
 */
function settledFor(startedAt: string | undefined, now: number, settleMs: number): number {
  const since = startedAt === undefined ? Number.NaN : Date.parse(startedAt);
  if (!Number.isFinite(since)) return 0;
  return Math.min(settleMs, Math.max(0, now - since));
}
