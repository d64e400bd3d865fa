import { describe, expect, it } from 'vitest';
import type {
  ContainerInspect,
  ContainerRuntime,
  ExecResult,
} from '../../../../src/runtime/engine/container-runtime.js';
import {
  EarlyProbes,
  healthyEarly,
  probeCommand,
  probeDelayMs,
  probeIntervalMs,
} from '../../../../src/runtime/up/early-health.js';

type Config = ContainerInspect['Config'];
const config = (extra: Partial<Config>): Pick<ContainerInspect, 'Config'> => ({
  Config: { Image: 'x', Labels: {}, ...extra },
});

describe('probeCommand', () => {
  it('runs CMD as given and CMD-SHELL through the container shell, as the engine does', () => {
    expect(probeCommand(config({ Healthcheck: { Test: ['CMD', 'pg_isready', '-h', '127.0.0.1'] } }))).toEqual({
      argv: ['pg_isready', '-h', '127.0.0.1'],
      timeoutMs: 30_000,
    });
    expect(probeCommand(config({ Healthcheck: { Test: ['CMD-SHELL', 'test -f /ready'], Timeout: 3e9 } }))).toEqual({
      argv: ['/bin/sh', '-c', 'test -f /ready'],
      timeoutMs: 3_000,
    });
    expect(
      probeCommand(
        config({ Shell: ['/bin/bash', '-eo', 'pipefail', '-c'], Healthcheck: { Test: ['CMD-SHELL', 'true'] } }),
      )?.argv,
    ).toEqual(['/bin/bash', '-eo', 'pipefail', '-c', 'true']);
  });

  it('has nothing to run for NONE, an empty test or no healthcheck', () => {
    expect(probeCommand(config({ Healthcheck: { Test: ['NONE'] } }))).toBeUndefined();
    expect(probeCommand(config({ Healthcheck: { Test: ['CMD'] } }))).toBeUndefined();
    expect(probeCommand(config({ Healthcheck: { Test: [] } }))).toBeUndefined();
    expect(probeCommand(config({}))).toBeUndefined();
  });

  it('reads the interval the engine uses (30 s by default) and probes often at first', () => {
    expect(probeIntervalMs(config({ Healthcheck: { Test: ['CMD', 'true'], Interval: 1e9 } }))).toBe(1_000);
    expect(probeIntervalMs(config({ Healthcheck: { Test: ['CMD', 'true'] } }))).toBe(30_000);
    expect(probeDelayMs(0)).toBeLessThan(probeDelayMs(20));
    expect(probeDelayMs(100)).toBe(1_000);
  });
});

/** A container whose health and probe results follow a script. */
function fakeRuntime(opts: {
  interval?: number;
  running?: () => boolean;
  health?: () => string;
  /** Exit codes of the engine's own probes so far. */
  engineLog?: () => number[];
  probe: (attempt: number) => number | Error;
}): { runtime: ContainerRuntime; execs: string[][] } {
  const execs: string[][] = [];
  const runtime = {
    inspectContainer: (): Promise<ContainerInspect> =>
      Promise.resolve({
        Config: {
          Image: 'x',
          Labels: {},
          Healthcheck: { Test: ['CMD-SHELL', 'check'], Interval: opts.interval ?? 30e9 },
        },
        State: {
          Status: 'running',
          Running: opts.running?.() ?? true,
          ExitCode: 0,
          Health: {
            Status: opts.health?.() ?? 'starting',
            FailingStreak: 0,
            Log: (opts.engineLog?.() ?? []).map((ExitCode) => ({ ExitCode, Output: '' })),
          },
        },
      } as unknown as ContainerInspect),
    exec: (_id: string, argv: string[]): Promise<ExecResult> => {
      execs.push(argv);
      const r = opts.probe(execs.length);
      return r instanceof Error ? Promise.reject(r) : Promise.resolve({ exitCode: r, stdout: '', stderr: '' });
    },
  } as unknown as ContainerRuntime;
  return { runtime, execs };
}

describe('healthyEarly', () => {
  it('passes once the healthcheck command exits 0, counting failed runs and exec errors as not yet', async () => {
    const { runtime, execs } = fakeRuntime({ probe: (n) => (n === 1 ? 1 : n === 2 ? new Error('conflict') : 0) });
    await expect(healthyEarly(runtime, 'c1', new AbortController().signal)).resolves.toBe(true);
    expect(execs).toEqual([
      ['/bin/sh', '-c', 'check'],
      ['/bin/sh', '-c', 'check'],
      ['/bin/sh', '-c', 'check'],
    ]);
  });

  it("with a short probe interval, runs the check only once the engine's own probe has failed", async () => {
    let engineLog: number[] = [];
    const { runtime, execs } = fakeRuntime({ interval: 1e9, engineLog: () => engineLog, probe: () => 0 });
    const stop = new AbortController();
    const passed = healthyEarly(runtime, 'c1', stop.signal);
    await new Promise((r) => setTimeout(r, 450));
    expect(execs).toEqual([]);
    engineLog = [1];
    await expect(passed).resolves.toBe(true);
    expect(execs).toHaveLength(1);
  });

  it('gives up when the container stops or the engine has a verdict, and takes the engine word for healthy', async () => {
    let running = true;
    const stopped = fakeRuntime({ running: () => running, probe: () => ((running = false), 1) });
    await expect(healthyEarly(stopped.runtime, 'c1', new AbortController().signal)).resolves.toBe(false);
    expect(stopped.execs).toHaveLength(1);
    const unhealthy = fakeRuntime({ health: () => 'unhealthy', probe: () => 0 });
    await expect(healthyEarly(unhealthy.runtime, 'c1', new AbortController().signal)).resolves.toBe(false);
    expect(unhealthy.execs).toEqual([]);
    const healthy = fakeRuntime({ health: () => 'healthy', probe: () => 1 });
    await expect(healthyEarly(healthy.runtime, 'c1', new AbortController().signal)).resolves.toBe(true);
    expect(healthy.execs).toEqual([]);
  });

  it('runs one loop per container for all its dependants, and stops them on close', async () => {
    const { runtime, execs } = fakeRuntime({ probe: () => 1 });
    const probes = new EarlyProbes(runtime, new AbortController().signal);
    const a = probes.passed('c1');
    expect(probes.passed('c1')).toBe(a);
    await new Promise((r) => setTimeout(r, 450));
    probes.close();
    await expect(a).resolves.toBe(false);
    const runs = execs.length;
    expect(runs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(execs.length).toBe(runs);
  });
});
