// Two checkouts of the same project on one host, as two CI jobs run them: each `init
// --unique-project`, `up` with ephemeral ports at the same time (no port chosen by hand), `port`
// and `ps --format json` tell where the router landed, each serves its own page through it, and
// `down -v --rmi local` removes only its own containers, volumes and built image.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, parsePsJson, sweep } from '../helpers/stack-project.js';
import { dnsAndRoute } from '../helpers/stack-scores.js';

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
service:
  ports:
    http:
      port: 8080
resources:
${dnsAndRoute('http')}  data:
    type: volume
`;

/** GET / from the router at `port` with the route's Host header. */
function viaRouter(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function checkout(label: string) {
  const dir = await tempProject('shop', { 'score.yaml': SCORE });
  await mkdir(join(dir, 'web'));
  await writeFile(
    join(dir, 'web', 'Dockerfile'),
    `FROM busybox:latest\nCMD ["sh", "-c", "mkdir -p /www && echo ${label} > /www/index.html && exec httpd -f -p 8080 -h /www"]\n`,
  );
  ok(await runIn(dir, ['init', '--no-sample', '--unique-project']), 'init --unique-project');
  const state = await readFile(join(dir, '.score-compose', 'state.yaml'), 'utf8');
  const name = /compose_project: (\S+)/.exec(state)?.[1] ?? '';
  return { dir, name, label };
}

describeE2E('two checkouts of one project side by side (CLI, real engine)', () => {
  const names: string[] = [];
  beforeAll(() => ensureImages(['busybox:latest', 'alpine:latest', 'mirror.gcr.io/nginx:1-alpine']), 900_000);
  afterAll(() => names.forEach((n) => sweep(n)));

  it('ephemeral ports, port and ps report where they landed, down touches only its own', async () => {
    const a = await checkout('page-of-a');
    const b = await checkout('page-of-b');
    names.push(a.name, b.name);
    expect(a.name).not.toBe(b.name);

    // At the same time: one with the flag, one with the environment variable.
    const [upA, upB] = await Promise.all([
      runIn(a.dir, ['up', 'score.yaml', '--build', 'main=./web', '--ephemeral-ports']),
      runIn(b.dir, ['up', 'score.yaml', '--build', 'main=./web'], {
        env: { ...process.env, SCORE_COMPOSE_EPHEMERAL_PORTS: '1' },
      }),
    ]);
    ok(upA, 'up in a');
    ok(upB, 'up in b');

    const served: string[] = [];
    const routerPorts: number[] = [];
    for (const c of [a, b]) {
      const rows = parsePsJson(ok(await runIn(c.dir, ['ps', '--format', 'json']), 'ps').stdout);
      const router = rows.find((r) => r.Service.startsWith('routing-'));
      expect(router, `${c.label}: a router`).toBeDefined();
      const published = (router?.Publishers ?? []).find((p) => p.TargetPort === 80 && p.URL === '0.0.0.0');
      expect(published?.PublishedPort ?? 0).toBeGreaterThan(0);
      expect(published?.PublishedPort).not.toBe(8080);

      const port = ok(await runIn(c.dir, ['port', router!.Service, '80']), 'port').stdout.trim();
      expect(port).toBe(`0.0.0.0:${published?.PublishedPort}`);
      routerPorts.push(published!.PublishedPort);

      const dns = ok(
        await runIn(c.dir, ['resources', 'get-outputs', 'dns.default#web.dns', '-f', '{{host}}']),
        'dns',
      ).stdout.trim();
      const page = await viaRouter(published!.PublishedPort, dns);
      expect(page.status).toBe(200);
      served.push(page.body.trim());
    }
    expect(served).toEqual(['page-of-a', 'page-of-b']);
    expect(routerPorts[0]).not.toBe(routerPorts[1]);

    // port: clean errors for what is not there.
    const missing = await runIn(a.dir, ['port', 'nope', '80']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error: no container found for service "nope"');

    // down in a: its containers, volumes and built image go; b keeps all of its own.
    const imageA = `${a.name}-web-main`;
    const imageB = `${b.name}-web-main`;
    expect(docker('image', 'ls', '-q', imageA).trim()).not.toBe('');
    const bBefore = leftovers(b.name);
    const downA = ok(await runIn(a.dir, ['down', '-v', '--rmi', 'local']), 'down -v --rmi local');
    expect(downA.stderr).toContain(`Image ${imageA}  Removed`);
    expect(leftovers(a.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(docker('image', 'ls', '-q', imageA).trim()).toBe('');
    expect(leftovers(b.name)).toEqual(bBefore);
    expect(docker('image', 'ls', '-q', imageB).trim()).not.toBe('');
    expect((await viaRouter(routerPorts[1]!, 'x')).status).toBeGreaterThan(0);

    const rmiAll = await runIn(b.dir, ['down', '--rmi', 'sometimes']);
    expect(rmiAll.code).toBe(2);
    ok(await runIn(b.dir, ['down', '-v', '--rmi', 'local']), 'down in b');
    expect(leftovers(b.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(docker('image', 'ls', '-q', imageB).trim()).toBe('');
    // The shared images (busybox, nginx) are not the project's own: --rmi local keeps them.
    expect(docker('image', 'ls', '-q', 'mirror.gcr.io/nginx:1-alpine').trim()).not.toBe('');
  }, 600_000);
});
