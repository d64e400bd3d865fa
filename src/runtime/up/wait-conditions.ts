// PURE: is a container where we want it? Shared by depends_on conditions and `--wait`.
// State comes from one inspect, then engine events.

import type { ContainerInspect, EngineEvent } from '../engine/container-runtime.js';

/** What we wait for: started (nothing), running, healthy, exited 0, or healthy-if-it-has-a-healthcheck-else-running. */
export type WaitTarget = 'started' | 'running' | 'healthy' | 'completed' | 'running-or-healthy' | 'stays-up';

/** The state a wait looks at. */
export interface WatchedState {
  /** created | running | restarting | exited | dead | paused | removing | removed */
  status: string;
  exitCode: number;
  /** starting | healthy | unhealthy; undefined without a healthcheck. */
  health?: string;
  hasHealthcheck: boolean;
}

/** The outcome of evaluating a target against a state. */
export type WaitOutcome =
  | { kind: 'pending' }
  | { kind: 'ok' }
  | { kind: 'exited'; exitCode: number }
  | { kind: 'unhealthy' }
  | { kind: 'no-healthcheck' }
  | { kind: 'removed' };

/** A healthcheck counts only if it has a test other than NONE: compose treats `["NONE"]` as no healthcheck. */
export function hasHealthcheck(test: string[] | undefined): boolean {
  return test !== undefined && test.length > 0 && test[0] !== 'NONE';
}

/** The watched state read from inspect. */
export function stateFromInspect(c: ContainerInspect): WatchedState {
  const s: WatchedState = {
    status: c.State.Status,
    exitCode: c.State.ExitCode,
    hasHealthcheck: hasHealthcheck(c.Config.Healthcheck?.Test),
  };
  const health = c.State.Health?.Status;
  if (health !== undefined && health !== 'none') s.health = health;
  return s;
}

/** Applies one container event to a state (unknown actions leave it unchanged). */
export function applyEvent(state: WatchedState, ev: EngineEvent): WatchedState {
  const action = ev.Action;
  if (action === 'start' || action === 'unpause' || action === 'restart') {
    return { ...state, status: 'running', ...(state.hasHealthcheck ? { health: 'starting' } : {}) };
  }
  if (action === 'die') {
    const code = Number(ev.Actor.Attributes.exitCode ?? state.exitCode);
    return { ...state, status: 'exited', exitCode: Number.isFinite(code) ? code : state.exitCode };
  }
  if (action === 'destroy') return { ...state, status: 'removed' };
  if (action === 'pause') return { ...state, status: 'paused' };
  if (action.startsWith('health_status')) {
    const health = action.slice(action.indexOf(':') + 1).trim();
    return { ...state, health };
  }
  return state;
}

const gone = (s: WatchedState): boolean => s.status === 'exited' || s.status === 'dead';

/** Evaluates a target: done, still pending, or failed (and how). */
export function evaluateWait(target: WaitTarget, s: WatchedState): WaitOutcome {
  if (s.status === 'removed') return { kind: 'removed' };
  switch (target) {
    case 'started':
      return { kind: 'ok' };
    case 'completed':
      if (gone(s)) return s.exitCode === 0 ? { kind: 'ok' } : { kind: 'exited', exitCode: s.exitCode };
      return { kind: 'pending' };
    case 'running':
      if (gone(s)) return { kind: 'exited', exitCode: s.exitCode };
      return s.status === 'running' ? { kind: 'ok' } : { kind: 'pending' };
    case 'stays-up':
      // Never done: a sentinel that fails if the container exits while other services are still awaited.
      return gone(s) ? { kind: 'exited', exitCode: s.exitCode } : { kind: 'pending' };
    case 'running-or-healthy':
      return evaluateWait(s.hasHealthcheck ? 'healthy' : 'running', s);
    case 'healthy':
      if (gone(s)) return { kind: 'exited', exitCode: s.exitCode };
      if (!s.hasHealthcheck) return { kind: 'no-healthcheck' };
      if (s.health === 'unhealthy') return { kind: 'unhealthy' };
      return s.health === 'healthy' ? { kind: 'ok' } : { kind: 'pending' };
  }
}

/** The final `--wait` target: completed for one-shots another service waits on with service_completed_successfully. */
export function finalWaitTarget(adoptedAsOneShot: boolean): WaitTarget {
  return adoptedAsOneShot ? 'completed' : 'running-or-healthy';
}

/** The target of a depends_on condition. */
export function conditionTarget(condition: string): WaitTarget {
  if (condition === 'service_healthy') return 'healthy';
  if (condition === 'service_completed_successfully') return 'completed';
  return 'started';
}
