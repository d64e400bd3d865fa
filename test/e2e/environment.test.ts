// The test-environment library (startEnvironment) against a real engine, as a test suite uses it:
// four environments of the same Score files at once, each reached from this process through its
// own route and its own database, each taken down alone; then every method of the handle, a
// start that fails, and `await using`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEnvironment, type ScoreEnvironment } from '../../src/index.js';
import { tempProject } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, sweep } from '../helpers/stack-project.js';
import { dnsAndRoute } from '../helpers/stack-scores.js';

/** A web workload behind a route, with a database; the page names the container that served it. */
export const ENV_SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args:
      - mkdir -p /www && echo "served by $(hostname)" > /www/index.html && echo web is listening && exec httpd -f -v -p 8080 -h /www
    variables:
      DB_HOST: \${resources.db.host}
service:
  ports:
    http:
      port: 8080
resources:
  db:
    type: postgres
${dnsAndRoute('http')}`;

const IMAGES = ['busybox:latest', 'alpine:latest', 'mirror.gcr.io/postgres:17-alpine', 'mirror.gcr.io/nginx:1-alpine'];

async function query(env: ScoreEnvironment, sql: string): Promise<unknown[]> {
  const db = env.outputs('db') as { host: string; port: number; username: string; password: string; database: string };
  const client = new pg.Client({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
    database: db.database,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describeE2E('startEnvironment: test environments from Score files (real engine)', () => {
  let dir = '';
  const started: ScoreEnvironment[] = [];

  beforeAll(async () => {
    ensureImages(IMAGES);
    dir = await tempProject('envs', { 'score.yaml': ENV_SCORE });
  }, 900_000);
  afterAll(async () => {
    for (const env of started) {
      await env.down().catch(() => undefined);
      sweep(env.projectName);
    }
  });

  it('four environments of the same files at once: each its own route and database, each down alone', async () => {
    const envs = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const env = await startEnvironment({ files: ['score.yaml'], cwd: dir });
        started.push(env);
        return env;
      }),
    );
    expect(new Set(envs.map((e) => e.projectName)).size).toBe(4);

    // No wait-for-resources one-shot: the workload waits on the resources' own services, so it
    // started only after the database's init job had finished.
    const rows = envs[0]!.containers();
    expect(rows.map((c) => c.service)).not.toContain('wait-for-resources');
    const ids = ['web-main', '-init'].map((s) => rows.find((c) => c.service.endsWith(s))?.id ?? `no ${s}`);
    const [web, init] = JSON.parse(docker('inspect', ...ids)) as { State: { StartedAt: string; FinishedAt: string } }[];
    expect(Date.parse(web!.State.StartedAt)).toBeGreaterThan(Date.parse(init!.State.FinishedAt));

    for (const [i, env] of envs.entries()) {
      // Its own route: the page names this environment's web container.
      const [route] = env.routes();
      expect(route, `environment ${i} has a route`).toBeDefined();
      const hostname = (await env.exec('web-main', ['hostname'])).stdout.trim();
      const page = await env.fetch(`http://${route!.host}:8080/`);
      expect(page.status).toBe(200);
      expect(page.body.trim()).toBe(`served by ${hostname}`);
      // Its own database, reached from this process with the translated outputs.
      const db = env.outputs('db');
      expect(db['host']).toBe('127.0.0.1');
      await query(env, `CREATE TABLE mark_${i} (n int); INSERT INTO mark_${i} VALUES (${i})`);
    }
    for (const [i, env] of envs.entries()) {
      const tables = (await query(env, `SELECT tablename FROM pg_tables WHERE tablename LIKE 'mark_%'`)) as {
        tablename: string;
      }[];
      expect(tables.map((t) => t.tablename)).toEqual([`mark_${i}`]);
    }

    // Each down touches only its own environment.
    const [first, ...rest] = envs as [ScoreEnvironment, ...ScoreEnvironment[]];
    const before = rest.map((e) => leftovers(e.projectName));
    await first.down();
    expect(leftovers(first.projectName)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(rest.map((e) => leftovers(e.projectName))).toEqual(before);
    for (const env of rest) expect((await env.fetch(`http://${env.routes()[0]!.host}/`)).status).toBe(200);
    for (const env of rest) await env.down();
    for (const env of rest) expect(leftovers(env.projectName)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 600_000);

  it('every method of the handle, then down removes the volumes, the built image and the directory', async () => {
    const app = await tempProject('env-methods', {
      'score.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: api
containers:
  main:
    image: .
    variables:
      GREETING: hello
service:
  ports:
    http:
      port: 9000
      targetPort: 8080
resources:
  cache:
    type: redis
  data:
    type: volume
`,
    });
    await mkdir(join(app, 'api'));
    await writeFile(
      join(app, 'api', 'Dockerfile'),
      'FROM busybox:latest\nCMD ["sh", "-c", "mkdir -p /www && echo $GREETING > /www/index.html && sleep 1 && echo api ready && exec httpd -f -p 8080 -h /www"]\n',
    );
    const env = await startEnvironment({
      files: ['score.yaml'],
      cwd: app,
      build: ['main=./api'],
      waitFor: { 'api-main': { log: 'api ready' } },
    });
    started.push(env);
    const image = `${env.projectName}-api-main`;
    expect(docker('image', 'ls', '-q', image).trim()).not.toBe('');

    // address / url: the published port of the service port (targetPort 8080).
    const address = env.address('api-main', 8080);
    expect(address.host).toBe('127.0.0.1');
    expect(env.url('api-main', '/index.html')).toBe(`http://127.0.0.1:${address.port}/index.html`);
    expect((await env.fetch(env.url('api-main'))).body.trim()).toBe('hello');
    expect(() => env.address('api-main', 1234)).toThrow('publishes no port 1234');
    expect(() => env.address('nope')).toThrow('no service "nope"');

    // outputs: by name or uid; redis is reachable and answers PING with its password.
    const cache = env.outputs('cache');
    expect(cache['host']).toBe('127.0.0.1');
    expect(env.outputs('redis.default#api.cache')).toEqual(cache);
    const redis = env.containers().find((c) => c.service.startsWith('redis'))?.service ?? 'no redis service';
    const ping = await env.exec(redis, ['redis-cli', '-a', String(cache['password']), '--no-auth-warning', 'PING']);
    expect(ping.stdout.trim()).toBe('PONG');
    expect(() => env.outputs('nope')).toThrow('no resource "nope"');
    expect(env.routes()).toEqual([]);

    // logs, exec, containers
    expect(await env.logs('api-main')).toContain('api ready');
    expect(await env.logs('api-main', { tail: 1 })).not.toContain('\n\n');
    const exec = await env.exec('api-main', ['sh', '-c', 'echo "$GREETING $EXTRA"; echo oops >&2; exit 3'], {
      env: { EXTRA: 'there' },
    });
    expect(exec).toEqual({ exitCode: 3, stdout: 'hello there\n', stderr: 'oops\n' });
    expect(env.containers().map((c) => c.service)).toContain('api-main');

    // waitFor: http, tcp, log, and a timeout that says what it waited for, with the last log lines.
    await env.waitFor('api-main', { http: { path: '/index.html', status: 200 } });
    await env.waitFor('api-main', { tcp: { port: 8080 } });
    await env.waitFor('api-main', { log: /api ready/ });
    const timeout = await env.waitFor('api-main', { log: 'never printed', timeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e as Error & { details?: string[] },
    );
    expect(timeout?.message).toContain(
      'service "api-main" not ready after 300 ms: waited for a log line matching never printed',
    );
    expect(timeout?.details?.join('\n')).toContain('api ready');
    const http404 = await env.waitFor('api-main', { http: { path: '/missing', status: 200 }, timeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(http404?.message).toContain('(last: status 404)');

    // down: volumes, the locally built image and the project directory go.
    const volumes = leftovers(env.projectName).volumes;
    expect(volumes.length).toBeGreaterThan(0);
    await env.down();
    expect(leftovers(env.projectName)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(docker('image', 'ls', '-q', image).trim()).toBe('');
    await expect(import('node:fs/promises').then((fs) => fs.stat(env.projectDir))).rejects.toThrow();
    await env.down(); // twice is fine
  }, 600_000);

  it('a start that fails takes down what it started, and says why', async () => {
    const bad = await tempProject('env-fail', {
      'score.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: crash
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c", "echo cannot start; exit 7"]
resources:
  db:
    type: postgres
`,
    });
    const names: string[] = [];
    const err = await startEnvironment({
      files: ['score.yaml'],
      cwd: bad,
      projectName: `envfail-${process.pid}`,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    names.push(`envfail-${process.pid}`);
    expect(err?.message).toContain('crash-main');
    expect(leftovers(names[0]!)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 300_000);

  it('await using takes the environment down at the end of the block', async () => {
    let name: string;
    {
      await using env = await startEnvironment({
        files: ['score.yaml'],
        cwd: await tempProject('env-using', {
          'score.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: tiny
containers:
  main:
    image: busybox:latest
    command: ["sleep", "3600"]
`,
        }),
      });
      name = env.projectName;
      expect(leftovers(name).containers).toEqual([`${name}-tiny-main-1`]);
    }
    expect(leftovers(name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 300_000);
});
