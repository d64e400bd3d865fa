// Bad input and faults through `score-compose up`: each fails with a clean error that names the
// service (and image or port), a non-zero exit code and no stack trace, and `down` then leaves nothing.
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, freePort, leftovers, ok, StackProjects, type StackProject } from '../helpers/stack-project.js';

/** A one-container busybox workload; `extra` is appended under the container. */
function workload(name: string, args: string, extra = '', image = 'busybox:latest'): string {
  return `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: ${image}
    command: ["sh", "-c"]
    args: [${JSON.stringify(args)}]
${extra}`;
}

const SLEEP = "trap 'exit 0' TERM; sleep 3600 & wait";

function expectCleanError(stderr: string): void {
  expect(stderr).toMatch(/^Error: /m);
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

async function expectDownLeavesNothing(p: StackProject): Promise<void> {
  ok(await p.run(['down', '-v']), 'down -v');
  expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

describeE2E('score-compose up: bad input and faults (CLI, real engine)', () => {
  const projects = new StackProjects();
  let server: Server | undefined;

  beforeAll(() => ensureImages(['busybox:latest']), 900_000);
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await projects.cleanup();
  });
  afterAll(() => projects.cleanup());

  it('an image that does not exist: names the service and the image, starts nothing, exits 4', async () => {
    const image = `sct-no-such-image-${process.pid}:missing`;
    const p = await projects.create('noimg', { 'score.yaml': workload('ghost', SLEEP, '', image) });
    const up = await p.run(['up', 'score.yaml']);
    // The engine answered (no such image, or no registry): the stack failed (4), the engine is fine (not 3).
    expect(up.code).toBe(4);
    expectCleanError(up.stderr);
    expect(up.stderr).toContain(`Error: failed to pull image '${image}' for service 'ghost-main'`);
    expect(leftovers(p.name).containers).toEqual([]);
    await expectDownLeavesNothing(p);
  }, 60_000);

  it('a container that crashes at start: fails fast naming the service, with its last log lines', async () => {
    const p = await projects.create('crash', {
      'score.yaml': workload('crasher', 'echo starting up; echo cannot-open-config-file >&2; exit 3'),
    });
    const started = Date.now();
    const up = await p.run(['up', 'score.yaml', '--wait-timeout', '60']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(up.code).toBe(4);
    expectCleanError(up.stderr);
    expect(up.stderr).toContain(`Error: service "crasher-main": container ${p.name}-crasher-main-1 exited (3)`);
    expect(up.stderr).toContain('cannot-open-config-file');
    expect(up.stderr).toContain('starting up');
    await expectDownLeavesNothing(p);
  }, 60_000);

  it('a readiness probe that never passes, with --wait-timeout: a clean timeout error', async () => {
    const probe = '    readinessProbe:\n      exec:\n        command: ["false"]\n';
    const p = await projects.create('unready', { 'score.yaml': workload('never', SLEEP, probe) });
    const started = Date.now();
    const up = await p.run(['up', 'score.yaml', '--wait-timeout', '3']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(up.code).not.toBe(0);
    expectCleanError(up.stderr);
    expect(up.stderr).toContain('Error: application not healthy after 3s');
    expect(up.stderr).toMatch(/still waiting for: .*never-main/);
    await expectDownLeavesNothing(p);
  }, 60_000);

  it('a published host port that is already taken: names the service and the port', async () => {
    const port = await freePort();
    server = await listen(port);
    const p = await projects.create('busyport', {
      'score.yaml': workload('web', SLEEP, '', 'busybox:latest') + 'service:\n  ports:\n    http:\n      port: 80\n',
    });
    const up = await p.run(['up', 'score.yaml', '--publish', `${port}:web:80`]);
    expect(up.code).toBe(4);
    expectCleanError(up.stderr);
    expect(up.stderr).toContain(`Error: service "web-main": host port ${port} is already in use`);
    expect(up.stderr).toMatch(/^hint: .*another host port/m);
    await expectDownLeavesNothing(p);
  }, 60_000);
});
