// Losing the Docker engine mid-run, through a proxy between the command and the engine (the shared
// engine keeps running): `logs -f` and `up` end with one clean error and exit 3, no stack trace,
// and `up` leaves the project's files as they were.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { hasStackTrace, requireBuiltCli, startCli } from '../helpers/built-cli.js';
import { startEngineProxy, type EngineProxy } from '../helpers/engine-proxy.js';
import { ensureImages, leftovers, ok, StackProjects } from '../helpers/stack-project.js';

const chatty = (name: string, probe = '') => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; while true; do echo tick; sleep 0.2; done & wait"]
${probe}`;

describeE2E('losing the Docker engine mid-run (CLI process, proxy to the real engine)', () => {
  const projects = new StackProjects();
  let proxy: EngineProxy | undefined;

  beforeAll(() => {
    requireBuiltCli();
    ensureImages(['busybox:latest']);
  }, 900_000);
  afterEach(async () => {
    await proxy?.cut();
    proxy = undefined;
    await projects.cleanup();
  });
  afterAll(() => projects.cleanup());

  it('logs -f: a clean error naming the engine, exit 3', async () => {
    const p = await projects.create('lostlogs', { 'score.yaml': chatty('talker') });
    ok(await p.run(['up', 'score.yaml']), 'up');
    proxy = await startEngineProxy();
    const logs = startCli(p.dir, ['logs', '-f'], { env: { ...process.env, DOCKER_HOST: proxy.url } });
    // Output streams, then the engine goes away.
    await expect.poll(() => logs.stdout().split('tick').length, { timeout: 20_000 }).toBeGreaterThan(3);
    await proxy.cut();
    const end = await logs.done;
    expect(end.signal).toBeNull();
    expect(end.code).toBe(3);
    expect(hasStackTrace(end.stderr)).toBe(false);
    expect(end.stderr).toContain(
      `Error: lost the connection to the Docker engine at ${proxy.url} while following the logs`,
    );
    expect(end.stderr).toMatch(/^hint: check that the engine is running/m);
    // The stack itself is untouched.
    expect(leftovers(p.name).containers).toEqual([`${p.name}-talker-main-1`]);
  }, 120_000);

  it('up, while waiting for readiness: a clean error, exit 3, and the previous files stay', async () => {
    // Ready only after a few seconds, so the engine goes away during the wait.
    const probe = '    readinessProbe:\n      exec:\n        command: ["sh", "-c", "test -f /tmp/ready"]\n';
    const p = await projects.create('lostup', {
      'score.yaml': chatty('slow', probe).replace('& wait', '& (sleep 8; touch /tmp/ready) & wait'),
    });
    proxy = await startEngineProxy();
    const up = startCli(p.dir, ['up', 'score.yaml'], { env: { ...process.env, DOCKER_HOST: proxy.url } });
    await up.waitForStderr(/Container \S+-slow-main-1 {2}Started/);
    await proxy.cut();
    const end = await up.done;
    expect(end.signal).toBeNull();
    expect(end.code).toBe(3);
    expect(hasStackTrace(end.stderr)).toBe(false);
    expect(end.stderr).toMatch(
      new RegExp(
        `^Error: (the Docker engine at ${proxy.url} stopped answering|the Docker engine closed the event stream)`,
        'm',
      ),
    );
    expect(end.stderr).toMatch(/^hint: check that the engine is running/m);
    // Nothing was committed: a first up that failed leaves no compose file.
    expect(existsSync(join(p.dir, 'compose.yaml'))).toBe(false);
    // The engine is back (no proxy): up converges from what was left.
    ok(await p.run(['up', 'score.yaml']), 'up again, straight to the engine');
  }, 120_000);

  it('up, when the engine is gone before it starts: exit 3, "cannot connect"', async () => {
    const p = await projects.create('noengine', { 'score.yaml': chatty('none') });
    proxy = await startEngineProxy();
    await proxy.cut();
    const end = await startCli(p.dir, ['up', 'score.yaml'], { env: { ...process.env, DOCKER_HOST: proxy.url } }).done;
    expect(end.code).toBe(3);
    expect(hasStackTrace(end.stderr)).toBe(false);
    expect(end.stderr).toContain('Error: cannot connect to the Docker engine');
  }, 60_000);
});
