// Interoperability with Docker Compose v2: stacks started by either side are seen, listed,
// logged and removed by the other, because both write and select the same labels.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ComposeProject } from '../../src/compose/types.js';
import { connectRuntime } from '../../src/runtime/engine/connect.js';
import type { ContainerRuntime } from '../../src/runtime/engine/container-runtime.js';
import { down } from '../../src/runtime/down.js';
import { ensureImagesStep } from '../../src/runtime/images/ensure.js';
import { logs } from '../../src/runtime/logs.js';
import { silentProgress } from '../../src/runtime/progress/reporter.js';
import { ps } from '../../src/runtime/ps.js';
import { up } from '../../src/runtime/up/up.js';
import { silentLogger } from '../../src/common/log.js';
import { ensureBusyboxImage } from '../helpers/busybox-image.js';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';

const run = promisify(execFile);
const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;

// Two services: one with a healthcheck and a published port, one writing to stderr.
// `trap` makes sh (PID 1) exit on SIGTERM, so stopping takes about a second, not the full timeout.
function stack(name: string): ComposeProject {
  const loop = 'trap "exit 0" TERM; while :; do sleep 1; done';
  return {
    name,
    services: {
      web: {
        image: 'busybox:latest',
        command: ['sh', '-c', `echo hello from web; ${loop}`],
        healthcheck: { test: ['CMD', 'true'], interval: '1s', timeout: '1s', retries: 3 },
        ports: [{ target: 8080, host_ip: '127.0.0.1' }],
      },
      worker: {
        image: 'busybox:latest',
        command: ['sh', '-c', `echo worker says hi >&2; ${loop}`],
      },
    },
  };
}

async function compose(dir: string, project: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('docker', ['compose', '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
    cwd: dir,
    timeout: 120_000,
  });
}

function removeByLabel(project: string): void {
  const label = `label=com.docker.compose.project=${project}`;
  const ids = spawnSync('docker', ['ps', '-aq', '--filter', label], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  if (ids.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore' });
  const nets = spawnSync('docker', ['network', 'ls', '-q', '--filter', label], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  if (nets.length > 0) spawnSync('docker', ['network', 'rm', ...nets], { stdio: 'ignore' });
}

async function collectLogs(runtime: ContainerRuntime, projectName: string): Promise<string[]> {
  let text = '';
  await logs(runtime, { projectName, out: { write: (s: string) => void (text += s) }, color: false });
  return text.split('\n').filter((l) => l !== '');
}

describeE2E('interop with docker compose v2', () => {
  let runtime: ContainerRuntime;
  let dir: string;
  const projects: string[] = [];

  beforeAll(async () => {
    ensureBusyboxImage();
    runtime = await connectRuntime(process.env);
    dir = await mkdtemp(join(tmpdir(), 'sct-interop-'));
  });

  afterAll(async () => {
    for (const p of projects) removeByLabel(p);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('our ps() and logs() see what `docker compose up -d --wait` started', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed (scripts/install-compose.sh)');
    const project = `sct-interop-c-${RUN_ID}`;
    projects.push(project);
    await writeFile(join(dir, 'compose.yaml'), stringify(stack(project)));
    await compose(dir, project, 'up', '-d', '--wait');

    const rows = await ps(runtime, { projectName: project });
    expect(rows.map((r) => [r.service, r.container, r.state, r.health, r.image])).toEqual([
      ['web', `${project}-web-1`, 'running', 'healthy', 'busybox:latest'],
      ['worker', `${project}-worker-1`, 'running', '', 'busybox:latest'],
    ]);
    const webPort = rows[0]?.ports[0];
    expect(webPort).toMatchObject({ hostIp: '127.0.0.1', containerPort: 8080, protocol: 'tcp' });
    expect(webPort?.hostPort).toBeGreaterThan(0);

    const lines = await collectLogs(runtime, project);
    expect(lines).toContain('web     | hello from web');
    expect(lines).toContain('worker  | worker says hi');

    await compose(dir, project, 'down');
    expect(await ps(runtime, { projectName: project, all: true })).toEqual([]);
  });

  it('our logs() --follow picks up a container compose starts later, until aborted', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed (scripts/install-compose.sh)');
    const project = `sct-interop-f-${RUN_ID}`;
    projects.push(project);
    await writeFile(join(dir, 'compose.yaml'), stringify(stack(project)));
    await compose(dir, project, 'up', '-d', 'web');

    let text = '';
    const ac = new AbortController();
    const following = logs(runtime, {
      projectName: project,
      follow: true,
      out: { write: (s: string) => void (text += s) },
      color: false,
      signal: ac.signal,
    });
    await waitFor(() => text.includes('hello from web'), 'the web line');
    await compose(dir, project, 'up', '-d', 'worker');
    await waitFor(() => text.includes('worker says hi'), 'the worker line');
    ac.abort();
    await following;
    expect(text.split('\n')).toContain('worker  | worker says hi');
    await compose(dir, project, 'down');
  });

  it('`docker compose ps` lists what our up() started and `docker compose down` removes it', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed (scripts/install-compose.sh)');
    const project = `sct-interop-o-${RUN_ID}`;
    projects.push(project);
    const file = join(dir, 'compose.yaml');
    await writeFile(file, stringify(stack(project)));
    const result = await up(runtime, {
      project: stack(project),
      projectDir: dir,
      configFiles: [file],
      wait: true,
      timeoutMs: 60_000,
      logger: silentLogger,
      ensureImages: ensureImagesStep(silentProgress),
    });
    expect(result.projectName).toBe(project);

    const listed = (await compose(dir, project, 'ps', '--format', 'json')).stdout;
    const rows = listed
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => JSON.parse(l) as unknown)
      .map((r) => r as { Name: string; Service: string; State: string; Health: string });
    expect(rows.map((r) => [r.Name, r.Service, r.State]).sort()).toEqual([
      [`${project}-web-1`, 'web', 'running'],
      [`${project}-worker-1`, 'worker', 'running'],
    ]);
    expect(rows.find((r) => r.Service === 'web')?.Health).toBe('healthy');

    const lines = await collectLogs(runtime, project);
    expect(lines).toContain('web     | hello from web');
    expect(lines).toContain('worker  | worker says hi');
    const theirs = (await compose(dir, project, 'logs', '--no-color')).stdout;
    expect(theirs).toMatch(/web-1\s+\| hello from web/);

    await compose(dir, project, 'down');
    expect(await ps(runtime, { projectName: project, all: true })).toEqual([]);
    const nets = spawnSync(
      'docker',
      ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`],
      { encoding: 'utf8' },
    );
    expect(nets.stdout.trim()).toBe('');
  });

  it('our down() removes what `docker compose up -d --wait` started', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed (scripts/install-compose.sh)');
    const project = `sct-interop-d-${RUN_ID}`;
    projects.push(project);
    await writeFile(join(dir, 'compose.yaml'), stringify(stack(project)));
    await compose(dir, project, 'up', '-d', '--wait');
    expect((await ps(runtime, { projectName: project })).length).toBe(2);

    const removed = await down(runtime, { projectName: project, logger: silentLogger });
    expect(removed.containers.sort()).toEqual([`${project}-web-1`, `${project}-worker-1`]);
    expect(removed.networks).toEqual([`${project}_default`]);
    const left = (await compose(dir, project, 'ps', '-a', '-q')).stdout.trim();
    expect(left).toBe('');
  });
});

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
