import { describe, expect, it } from 'vitest';
import type {
  ContainerInspect,
  ContainerRuntime,
  EngineEvent,
} from '../../../../src/runtime/engine/container-runtime.js';
import { ContainerWatcher, WaitFailure } from '../../../../src/runtime/up/container-watch.js';

// A fake engine: `state` is what inspect returns; `emit` delivers an event to the subscription.
function fakeEngine() {
  let state = {
    Status: 'running',
    ExitCode: 0,
    Health: 'starting' as string | undefined,
    healthcheck: true,
    StartedAt: undefined as string | undefined,
  };
  let push: ((e: EngineEvent) => void) | undefined;
  let inspects = 0;
  const queue: EngineEvent[] = [];
  const rt = {
    inspectContainer: async (id: string): Promise<ContainerInspect> => {
      inspects++;
      return {
        Id: id,
        Name: '/c',
        Created: '',
        Image: '',
        Config: { Image: 'x', Labels: {}, ...(state.healthcheck ? { Healthcheck: { Test: ['CMD', 'true'] } } : {}) },
        State: {
          ...(state.StartedAt === undefined ? {} : { StartedAt: state.StartedAt }),
          Status: state.Status,
          Running: state.Status === 'running',
          ExitCode: state.ExitCode,
          ...(state.Health === undefined ? {} : { Health: { Status: state.Health } }),
        },
        HostConfig: {},
        NetworkSettings: { Networks: {} },
        Mounts: [],
      };
    },
    events: (opts: { signal: AbortSignal; onOpen?: () => void }): AsyncIterable<EngineEvent> => ({
      [Symbol.asyncIterator]() {
        opts.onOpen?.();
        return {
          next: () =>
            new Promise<IteratorResult<EngineEvent>>((resolve) => {
              const first = queue.shift();
              if (first !== undefined) return resolve({ value: first, done: false });
              push = (e) => resolve({ value: e, done: false });
              opts.signal.addEventListener('abort', () => resolve({ value: undefined, done: true }));
            }),
        };
      },
    }),
  } as unknown as ContainerRuntime;
  const emit = (Action: string): void => {
    const ev: EngineEvent = { Type: 'container', Action, Actor: { ID: 'c1', Attributes: {} }, time: 0, timeNano: 0 };
    const p = push;
    push = undefined;
    if (p === undefined) queue.push(ev);
    else p(ev);
  };
  return { rt, emit, set: (s: Partial<typeof state>) => (state = { ...state, ...s }), inspects: () => inspects };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('ContainerWatcher', () => {
  describe('settle time: running counts once the container kept running', () => {
    const justStarted = () => ({ healthcheck: false, Health: undefined, StartedAt: new Date().toISOString() });

    it('fails a container that exits during the settle time (a crash at start-up)', async () => {
      const e = fakeEngine();
      e.set(justStarted());
      const w = await ContainerWatcher.start(e.rt, 'p');
      const wait = w.waitFor('c1', 'running-or-healthy', undefined, { settleMs: 10_000 });
      await tick();
      e.set({ Status: 'exited', ExitCode: 3 });
      e.emit('die');
      const err = await wait.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(err).toBeInstanceOf(WaitFailure);
      expect((err as WaitFailure).outcome).toEqual({ kind: 'exited', exitCode: 3 });
      w.close();
    });

    it('resolves once the settle time has passed with the container still running', async () => {
      const e = fakeEngine();
      e.set(justStarted());
      const w = await ContainerWatcher.start(e.rt, 'p');
      const state = await w.waitFor('c1', 'running', undefined, { settleMs: 30 });
      expect(state.status).toBe('running');
      expect(e.inspects()).toBe(2); // the first look, and the one after the settle time
      w.close();
    });

    it('costs nothing for a container running since before (and an engine clock far off changes no outcome)', async () => {
      for (const StartedAt of [new Date(Date.now() - 3_600_000).toISOString(), 'not a date']) {
        const e = fakeEngine();
        e.set({ ...justStarted(), StartedAt });
        const w = await ContainerWatcher.start(e.rt, 'p');
        const state = await w.waitFor('c1', 'running', undefined, {
          settleMs: StartedAt === 'not a date' ? 20 : 60_000,
        });
        expect(state.status).toBe('running');
        w.close();
      }
    });

    it('does not apply to a container with a healthcheck, nor without settleMs', async () => {
      const e = fakeEngine();
      e.set({ StartedAt: new Date().toISOString(), Health: 'healthy' });
      const w = await ContainerWatcher.start(e.rt, 'p');
      expect((await w.waitFor('c1', 'running-or-healthy', undefined, { settleMs: 60_000 })).health).toBe('healthy');
      e.set(justStarted());
      expect((await w.waitFor('c1', 'running')).status).toBe('running');
      expect(e.inspects()).toBe(2);
      w.close();
    });
  });

  it('resolves a healthy wait on the health event, reading state by inspect', async () => {
    const e = fakeEngine();
    const w = await ContainerWatcher.start(e.rt, 'p');
    let done = false;
    const wait = w.waitFor('c1', 'healthy').then((s) => {
      done = true;
      return s;
    });
    await tick();
    expect(done).toBe(false);
    e.set({ Health: 'healthy' });
    e.emit('health_status: healthy');
    expect((await wait).health).toBe('healthy');
    expect(e.inspects()).toBe(2);
    w.close();
  });

  it('is not misled by a stale event delivered after the seed', async () => {
    const e = fakeEngine();
    e.set({ Health: 'healthy' });
    const w = await ContainerWatcher.start(e.rt, 'p');
    // The engine already says healthy; a late "start" event must not push the wait back to starting.
    e.emit('start');
    await expect(w.waitFor('c1', 'healthy')).resolves.toMatchObject({ health: 'healthy' });
    w.close();
  });

  it('fails a completion wait on a non-zero exit', async () => {
    const e = fakeEngine();
    const w = await ContainerWatcher.start(e.rt, 'p');
    const wait = w.waitFor('c1', 'completed');
    await tick();
    e.set({ Status: 'exited', ExitCode: 4 });
    e.emit('die');
    const err = await wait.catch((x: unknown) => x);
    expect(err).toBeInstanceOf(WaitFailure);
    expect((err as WaitFailure).outcome).toEqual({ kind: 'exited', exitCode: 4 });
    expect((err as WaitFailure).target).toBe('completed');
    w.close();
  });

  it('rejects with the abort reason', async () => {
    const e = fakeEngine();
    const w = await ContainerWatcher.start(e.rt, 'p');
    const ac = new AbortController();
    const wait = w.waitFor('c1', 'healthy', ac.signal);
    await tick();
    ac.abort(new Error('stop'));
    await expect(wait).rejects.toThrow('stop');
    w.close();
  });
});
