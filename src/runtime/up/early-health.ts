// A dependency's own healthcheck, run by us right after its container starts. The engine runs
// the first probe one full interval after the start (30 s when the compose file gives none; only
// engines with API 1.44+ know `start_interval`), so a dependant gated on `service_healthy` would
// wait for that probe even when the dependency was ready long before. Running the same command
// through exec at a short interval, until it passes or the engine has its own verdict, lets the
// dependant start as soon as the check passes. The final `--wait` still waits for the engine's
// status, so what `up --wait` reports is what `docker ps` shows.

import type { ContainerInspect, ContainerRuntime } from '../engine/container-runtime.js';

/** The command the engine runs for a container's healthcheck, and its timeout. */
export interface ProbeCommand {
  argv: string[];
  timeoutMs: number;
}

/** The engine's defaults: probe interval and timeout (30 s each), and the `CMD-SHELL` shell. */
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_SHELL = ['/bin/sh', '-c'];

/**
 * Below this probe interval we start probing only once the engine's own probe has failed: its
 * first probe comes within a second or two anyway, and each exec costs the machine about 60 ms of
 * CPU (measured), which four test environments starting at once on two cores feel. But a service
 * that becomes ready just after that first probe would otherwise wait a whole interval more
 * (postgres here: ready at about 1.05 s, probed at 1.0 s and 2.0 s), so after a failed probe we
 * look in between.
 */
export const EARLY_PROBE_MIN_INTERVAL_MS = 2_000;

/** The probe interval the engine uses for this container. */
export function probeIntervalMs(inspect: Pick<ContainerInspect, 'Config'>): number {
  const ns = inspect.Config.Healthcheck?.Interval;
  return ns ? ns / 1e6 : DEFAULT_INTERVAL_MS;
}

/** The healthcheck as an exec argv, as the engine would run it; undefined when there is none to run. */
export function probeCommand(inspect: Pick<ContainerInspect, 'Config'>): ProbeCommand | undefined {
  const hc = inspect.Config.Healthcheck;
  const [kind, ...rest] = hc?.Test ?? [];
  const timeoutMs = hc?.Timeout ? Math.ceil(hc.Timeout / 1e6) : DEFAULT_TIMEOUT_MS;
  if (kind === 'CMD' && rest.length > 0) return { argv: rest, timeoutMs };
  if (kind === 'CMD-SHELL' && rest.length > 0) {
    const shell = inspect.Config.Shell && inspect.Config.Shell.length > 0 ? inspect.Config.Shell : DEFAULT_SHELL;
    return { argv: [...shell, ...rest], timeoutMs };
  }
  return undefined;
}

/**
 * Pauses before each probe: short at first, when most services become ready, then longer, so a
 * slow starter costs about one exec a second. Each exec costs the engine a process in the container.
 */
export function probeDelayMs(attempt: number): number {
  if (attempt === 0) return 100;
  if (attempt < 15) return 200;
  if (attempt < 30) return 500;
  return 1_000;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs `argv` in the container; true when it exits 0 within `timeoutMs`. Any failure counts as "not yet". */
async function probeOnce(
  runtime: ContainerRuntime,
  id: string,
  cmd: ProbeCommand,
  stop: AbortSignal,
): Promise<boolean> {
  const bound = new AbortController();
  const onStop = (): void => bound.abort();
  stop.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(() => bound.abort(), cmd.timeoutMs);
  try {
    const result = await runtime.exec(id, cmd.argv, { signal: bound.signal });
    return result.exitCode === 0;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}

/**
 * Resolves true once the container's healthcheck passes, run by us or by the engine; false as soon
 * as there is nothing more to learn this way (the container is not running, has no healthcheck to
 * run, the engine called it unhealthy) or `stop` aborts. Never rejects: the engine's own status,
 * which the caller waits on too, decides failures.
 */
export async function healthyEarly(runtime: ContainerRuntime, id: string, stop: AbortSignal): Promise<boolean> {
  for (let attempt = 0; !stop.aborted; attempt++) {
    await pause(probeDelayMs(attempt), stop);
    if (stop.aborted) return false;
    let inspected: ContainerInspect;
    try {
      inspected = await runtime.inspectContainer(id);
    } catch {
      return false;
    }
    const health = inspected.State.Health?.Status;
    if (health === 'healthy') return true;
    if (!inspected.State.Running || health !== 'starting') return false;
    const cmd = probeCommand(inspected);
    if (cmd === undefined) return false;
    const engineFailed = (inspected.State.Health?.Log ?? []).some((entry) => entry.ExitCode !== 0);
    if (probeIntervalMs(inspected) < EARLY_PROBE_MIN_INTERVAL_MS && !engineFailed) continue;
    if (await probeOnce(runtime, id, cmd, stop)) return true;
  }
  return false;
}

/** The early probes of one `up`: one loop per container however many dependants wait on it, all stopped by `close`. */
export class EarlyProbes {
  private readonly loops = new Map<string, Promise<boolean>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly runtime: ContainerRuntime,
    signal: AbortSignal,
  ) {
    if (signal.aborted) this.stop.abort();
    else signal.addEventListener('abort', () => this.stop.abort(), { once: true });
  }

  /** See {@link healthyEarly}. */
  passed(id: string): Promise<boolean> {
    let loop = this.loops.get(id);
    if (loop === undefined) {
      loop = healthyEarly(this.runtime, id, this.stop.signal);
      this.loops.set(id, loop);
    }
    return loop;
  }

  close(): void {
    this.stop.abort();
  }
}
