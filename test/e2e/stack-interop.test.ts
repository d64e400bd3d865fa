// Interop at the CLI/Score level with the default provisioners (postgres + dns + route):
// docker compose sees and removes what `score-compose up` started, and `score-compose ps/down`
// handle what `docker compose up --wait` started from the same generated compose.yaml.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';
import {
  containerIds,
  ensureImages,
  freePort,
  leftovers,
  ok,
  StackProjects,
  type StackProject,
} from '../helpers/stack-project.js';
import { parsePsJson } from '../helpers/stack-project.js';
import { httpGet, ROUTED_BODY, routedWorkloadScore } from '../helpers/stack-scores.js';

const run = promisify(execFile);

async function compose(p: StackProject, ...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['compose', '-p', p.name, ...args], { cwd: p.dir, timeout: 150_000 });
  return stdout;
}

const parseComposePs = parsePsJson;

describeE2E('score-compose and docker compose on the same Score project (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(
    () =>
      ensureImages([
        'mirror.gcr.io/postgres:17-alpine',
        'mirror.gcr.io/nginx:1-alpine',
        'busybox:latest',
        'alpine:latest',
      ]),
    900_000,
  );
  afterAll(() => projects.cleanup());

  it('docker compose ps lists what our up started, and docker compose down removes it', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const p = await projects.create('ia', { 'score.yaml': routedWorkloadScore('shop', await freePort(), true) });
    ok(await p.run(['up', 'score.yaml', '--wait-timeout', '90']), 'up');
    const ours = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    const running = ours
      .filter((r) => r.State === 'running')
      .map((r) => r.Service)
      .sort();
    expect(running).toContain('shop-main');
    expect(running.some((s) => s.startsWith('pg-'))).toBe(true);
    expect(running.some((s) => s.startsWith('routing-'))).toBe(true);

    const theirs = parseComposePs(await compose(p, 'ps', '--format', 'json'));
    expect(theirs.map((r) => r.Service).sort()).toEqual(running);
    expect(theirs.every((r) => r.State === 'running')).toBe(true);
    // With -a compose also lists our one-shots (the init container and wait-for-resources).
    const all = parseComposePs(await compose(p, 'ps', '-a', '--format', 'json')).map((r) => r.Service);
    expect(all).toEqual(expect.arrayContaining(['wait-for-resources', ...ours.map((r) => r.Service)]));
    expect(all.some((s) => /^pg-.*-init$/.test(s))).toBe(true);

    await compose(p, 'down', '-v', '-t', '2');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);

  it('our ps and down handle what docker compose up --wait started from our compose.yaml', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const port = await freePort();
    const p = await projects.create('ib', { 'score.yaml': routedWorkloadScore('shop', port, true) });
    ok(await p.run(['generate', 'score.yaml']), 'generate');
    // The generated file comes up healthy under docker compose itself.
    await compose(p, 'up', '-d', '--wait', '--wait-timeout', '90');

    const rows = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    // Same keys and values as `docker compose ps --format json` (labels as a set: Go prints a map
    // in random order; Status and RunningFor say how long ago, which moves while both run).
    const theirs = parseComposePs(await compose(p, 'ps', '--format', 'json'));
    expect(rows.map((r) => r.Service)).toEqual(theirs.map((r) => r.Service));
    // A duration is one token whatever its size and unit: the two reads fall either side of a
    // second now and then ("1 second" against "2 seconds", "59 seconds" against "About a minute").
    const duration = /(?:\d+|About an?|Less than a) (?:second|minute|hour|day|week|month|year)s?/g;
    const comparable = (r: Record<string, unknown>) => ({
      ...r,
      Labels: String(r['Labels']).split(',').sort(),
      Status: String(r['Status']).replace(duration, 'T'),
      RunningFor: String(r['RunningFor']).replace(duration, 'T'),
    });
    for (const [i, ours] of rows.entries()) expect(comparable(ours)).toEqual(comparable(theirs[i]!));
    const byService = Object.fromEntries(rows.map((r) => [r.Service, r]));
    expect(byService['shop-main']?.State).toBe('running');
    const pg = rows.find((r) => /^pg-[A-Za-z0-9]+$/.test(r.Service));
    const router = rows.find((r) => r.Service.startsWith('routing-'));
    expect(pg).toMatchObject({ State: 'running', Health: 'healthy' });
    expect(router).toMatchObject({ State: 'running', Health: 'healthy' });
    const oneShots = parsePsJson(ok(await p.run(['ps', '-a', '--format', 'json']), 'ps -a').stdout).filter(
      (r) => r.State === 'exited',
    );
    expect(oneShots.map((r) => [r.Service.replace(/^pg-[A-Za-z0-9]+-init$/, 'pg-init'), r.ExitCode]).sort()).toEqual([
      ['pg-init', 0],
      ['wait-for-resources', 0],
    ]);

    const host = ok(
      await p.run(['resources', 'get-outputs', 'dns.default#shop.dns', '-f', '{{host}}']),
      'get-outputs',
    ).stdout.trim();
    expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: ROUTED_BODY });

    const logs = ok(await p.run(['logs', '--no-color', pg?.Service ?? 'pg']), 'logs').stdout;
    expect(logs).toMatch(new RegExp(`^${pg?.Service ?? 'pg'} +\\| `, 'm'));

    ok(await p.run(['down', '-v', '--timeout', '2']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(parseComposePs(await compose(p, 'ps', '-a', '--format', 'json'))).toEqual([]);
  }, 120_000);

  it('each tool takes the containers the other started as up to date (same config-hash)', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    // A sidecar shares the main container's network namespace (network_mode: service:shop-main),
    // which compose hashes with the main container's id.
    const sidecar = `  side:\n    image: busybox:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`;
    const score = routedWorkloadScore('shop', await freePort(), true).replace(/\nservice:\n/, `\n${sidecar}service:\n`);
    const p = await projects.create('ih', { 'score.yaml': score });
    ok(await p.run(['up', 'score.yaml', '--wait-timeout', '90']), 'our up');
    expect(Object.keys(containerIds(p.name))).toContain('shop-side');
    const ours = containerIds(p.name);
    // compose on our containers: nothing recreated (it would recreate on any hash mismatch).
    await compose(p, 'up', '-d', '--wait');
    const afterCompose = containerIds(p.name);
    for (const [name, id] of Object.entries(ours)) expect(afterCompose[name], name).toBe(id);

    await compose(p, 'down', '-v', '-t', '2');
    await compose(p, 'up', '-d', '--wait');
    const theirs = containerIds(p.name);
    const up = ok(await p.run(['up', '--wait-timeout', '90']), 'our up on compose containers');
    const afterOurs = containerIds(p.name);
    // Ours keeps every long-running container compose created; one-shots (init jobs) carry our
    // mounted-files label only when we created them, so they may be run again.
    const oneShot = (service: string) => /-init$|^wait-for-resources$/.test(service);
    for (const [name, id] of Object.entries(theirs)) if (!oneShot(name)) expect(afterOurs[name], name).toBe(id);
    const recreated = up.stderr.split('\n').filter((l) => /Recreate/.test(l));
    for (const line of recreated) expect(line, line).toMatch(/-init-1|wait-for-resources-1/);
    ok(await p.run(['down', '-v']), 'down');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 180_000);
});
