import { describe, expect, it } from 'vitest';
import { StartLock } from '../../../../src/runtime/up/reconcile.js';
import { dependentDepths } from '../../../../src/compose/service-graph.js';
import type { ComposeProject } from '../../../../src/compose/types.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('StartLock', () => {
  it('runs one start at a time, highest priority first among those requested together', async () => {
    const lock = new StartLock();
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const start = (name: string, priority: number): Promise<void> =>
      lock.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(name);
        await tick();
        running -= 1;
      }, priority);
    await Promise.all([start('router', 2), start('web', 0), start('db', 3), start('cache', 2)]);
    expect(order).toEqual(['db', 'router', 'cache', 'web']);
    expect(most).toBe(1);
  });

  it('lets a later, higher-priority request overtake those still waiting, not the one running', async () => {
    const lock = new StartLock();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = lock.run(async () => {
      order.push('first');
      await held;
    }, 0);
    await tick();
    await tick();
    const low = lock.run(async () => void order.push('low'), 1);
    const high = lock.run(async () => void order.push('high'), 5);
    release();
    await Promise.all([first, low, high]);
    expect(order).toEqual(['first', 'high', 'low']);
  });

  it('frees the lock when a start fails', async () => {
    const lock = new StartLock();
    await expect(lock.run(() => Promise.reject(new Error('refused')), 1)).rejects.toThrow('refused');
    await expect(lock.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('dependentDepths', () => {
  it('gives each service the longest chain waiting behind it', () => {
    const project: ComposeProject = {
      services: {
        db: {},
        init: { depends_on: { db: { condition: 'service_healthy', required: true } } },
        router: {},
        wait: {
          depends_on: {
            db: { condition: 'service_healthy', required: true },
            init: { condition: 'service_completed_successfully', required: true },
            router: { condition: 'service_healthy', required: true },
          },
        },
        web: { depends_on: { wait: { condition: 'service_completed_successfully', required: true } } },
        sidecar: { network_mode: 'service:web' },
        lone: {},
      },
    };
    const order = ['db', 'lone', 'router', 'init', 'wait', 'web', 'sidecar'];
    expect(Object.fromEntries(dependentDepths(project, order))).toEqual({
      db: 4,
      init: 3,
      router: 3,
      wait: 2,
      web: 1,
      sidecar: 0,
      lone: 0,
    });
  });
});
