// The offline stand-in images (scripts/build-standin-images.sh) must honour the contracts of
// the real images the default provisioners reference, or generated compose files would only
// "work" by accident. Everything here talks to the real engine through the docker CLI.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeConfigCheck, describeE2E, skipOrFail } from '../helpers/docker-env.js';

const LABEL = 'score-compose-ts.test=standin';
const POSTGRES = 'mirror.gcr.io/postgres:17-alpine';
const NGINX = 'mirror.gcr.io/nginx:1-alpine';
const REDIS = 'mirror.gcr.io/redis:7-alpine';
const UTILITY_IMAGES = [
  'mirror.gcr.io/busybox:latest',
  'busybox:latest',
  'mirror.gcr.io/alpine:latest',
  'alpine:latest',
];
const TIMEOUT = 120_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function docker(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

async function dockerOk(args: string[]): Promise<string> {
  const run = await docker(args);
  if (run.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function removeLabelled(): Promise<void> {
  const filter = ['--filter', `label=${LABEL}`];
  const containers = (await dockerOk(['ps', '-aq', ...filter])).split(/\s+/).filter(Boolean);
  if (containers.length > 0) await docker(['rm', '-fv', ...containers]);
  const networks = (await dockerOk(['network', 'ls', '-q', ...filter])).split(/\s+/).filter(Boolean);
  if (networks.length > 0) await docker(['network', 'rm', ...networks]);
  const volumes = (await dockerOk(['volume', 'ls', '-q', ...filter])).split(/\s+/).filter(Boolean);
  if (volumes.length > 0) await docker(['volume', 'rm', '-f', ...volumes]);
}

async function waitHealthy(name: string, limitMs = 90_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const state = await dockerOk(['inspect', '-f', '{{.State.Status}} {{.State.Health.Status}}', name]);
    if (state === 'running healthy') return;
    if (!state.startsWith('running') || state.endsWith('unhealthy') || Date.now() > deadline) {
      const logs = await docker(['logs', '--tail', '30', name]);
      throw new Error(`${name} is "${state}", not healthy:\n${logs.stdout}\n${logs.stderr}`);
    }
    await sleep(500);
  }
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function httpGetWhenUp(port: number, path: string, limitMs = 20_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await httpGet(port, path);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(300);
    }
  }
}

describeE2E('stand-in images', () => {
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const network = `sct-standin-${suffix}`;
  let dir = '';
  const labelled = ['--label', LABEL];
  const onNetwork = [...labelled, '--network', network];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sct-standin-'));
    await removeLabelled();
    for (const image of [POSTGRES, NGINX, REDIS, ...UTILITY_IMAGES]) {
      const found = await docker(['image', 'inspect', image]);
      if (found.code !== 0) throw new Error(`image ${image} is missing: run scripts/build-standin-images.sh`);
    }
    await dockerOk(['network', 'create', ...labelled, network]);
  });

  afterAll(async () => {
    await removeLabelled();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it(
    'postgres: initialises with POSTGRES_*, runs init scripts, becomes healthy and serves other containers',
    async () => {
      const initDir = join(dir, 'pg-init');
      mkdirSync(initDir);
      writeFileSync(
        join(initDir, '01-schema.sql'),
        "CREATE TABLE greeting (msg text);\nINSERT INTO greeting VALUES ('hello from init.sql');\n",
      );
      // A non-executable .sh is sourced, as in the official image, with POSTGRES_* exported.
      writeFileSync(
        join(initDir, '02-more.sh'),
        'psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" ' +
          `-c "INSERT INTO greeting VALUES ('hello from init.sh as $POSTGRES_USER')"\n`,
      );
      chmodSync(join(initDir, '02-more.sh'), 0o644);

      const server = `sct-pg-${suffix}`;
      await dockerOk([
        'run',
        '-d',
        '--name',
        server,
        ...onNetwork,
        '--network-alias',
        'db',
        '-e',
        'POSTGRES_USER=app',
        '-e',
        'POSTGRES_PASSWORD=s3cret',
        '-e',
        'POSTGRES_DB=appdb',
        '-v',
        `${initDir}:/docker-entrypoint-initdb.d:ro`,
        '--health-cmd',
        'pg_isready -U app -d appdb',
        '--health-interval',
        '1s',
        '--health-retries',
        '90',
        POSTGRES,
      ]);
      await waitHealthy(server);
      expect(await dockerOk(['exec', server, 'cat', '/proc/1/comm'])).toBe('postgres');

      // The init-container shape: entrypoint overridden to sh, psql over the user-defined network.
      const query = await dockerOk([
        'run',
        '--rm',
        ...onNetwork,
        '-e',
        'PGPASSWORD=s3cret',
        '--entrypoint',
        'sh',
        POSTGRES,
        '-c',
        'psql -h db -U app -d appdb -tAc "SELECT msg FROM greeting ORDER BY msg"',
      ]);
      expect(query.split('\n')).toEqual(['hello from init.sh as app', 'hello from init.sql']);

      // Password auth is real over TCP.
      const wrong = await docker([
        'run',
        '--rm',
        ...onNetwork,
        '-e',
        'PGPASSWORD=wrong',
        POSTGRES,
        'psql',
        '-h',
        'db',
        '-U',
        'app',
        '-d',
        'appdb',
        '-c',
        'SELECT 1',
      ]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/password authentication failed for user "app"/);

      // A busy client must not hold up stop: the image stops with SIGINT (fast shutdown).
      await dockerOk([
        'run',
        '-d',
        ...onNetwork,
        '-e',
        'PGPASSWORD=s3cret',
        POSTGRES,
        'psql',
        '-h',
        'db',
        '-U',
        'app',
        '-d',
        'appdb',
        '-c',
        'SELECT pg_sleep(120)',
      ]);
      await sleep(1_000);
      const started = Date.now();
      await dockerOk(['stop', '-t', '30', server]);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(await dockerOk(['inspect', '-f', '{{.State.ExitCode}}', server])).toBe('0');
    },
    TIMEOUT,
  );

  it(
    'postgres: refuses to initialise without a password, and runs other commands as given',
    async () => {
      const refused = await docker(['run', '--rm', ...labelled, POSTGRES]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('POSTGRES_PASSWORD');

      const version = await dockerOk(['run', '--rm', ...labelled, POSTGRES, 'psql', '--version']);
      expect(version).toMatch(/^psql \(PostgreSQL\) \d+/);
    },
    TIMEOUT,
  );

  it(
    'nginx: serves a mounted nginx.conf, resolves containers through 127.0.0.11, logs to stdout',
    async () => {
      const backend = `sct-backend-${suffix}`;
      await dockerOk([
        'run',
        '-d',
        '--name',
        backend,
        ...onNetwork,
        '--network-alias',
        'backend',
        'busybox:latest',
        'sh',
        '-c',
        'mkdir /www && echo backend-ok > /www/index.html && exec httpd -f -p 8080 -h /www',
      ]);
      const conf = join(dir, 'nginx.conf');
      writeFileSync(
        conf,
        [
          'events { worker_connections 64; }',
          'http {',
          '  resolver 127.0.0.11 valid=5s;',
          '  access_log /var/log/nginx/access.log;',
          '  server {',
          '    listen 80;',
          '    location = /hello { default_type text/plain; return 200 "stand-in nginx ok\\n"; }',
          '    location = /backend { set $upstream backend; proxy_pass http://$upstream:8080/index.html; }',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const server = `sct-nginx-${suffix}`;
      await dockerOk([
        'run',
        '-d',
        '--name',
        server,
        ...onNetwork,
        '-p',
        '127.0.0.1::80',
        '-v',
        `${conf}:/etc/nginx/nginx.conf:ro`,
        NGINX,
      ]);
      const published = await dockerOk(['port', server, '80/tcp']);
      const port = Number(published.split('\n')[0]?.split(':').pop());
      expect(port).toBeGreaterThan(0);

      const hello = await httpGetWhenUp(port, '/hello');
      expect(hello).toEqual({ status: 200, body: 'stand-in nginx ok\n' });
      const proxied = await httpGetWhenUp(port, '/backend');
      expect(proxied).toEqual({ status: 200, body: 'backend-ok\n' });

      expect(await dockerOk(['exec', server, 'cat', '/proc/1/comm'])).toBe('nginx');
      expect(await dockerOk(['exec', server, 'wget', '-qO-', 'http://127.0.0.1/hello'])).toBe('stand-in nginx ok');
      expect(await dockerOk(['exec', server, 'curl', '-fsS', 'http://127.0.0.1/hello'])).toBe('stand-in nginx ok');
      const logs = await docker(['logs', server]);
      expect(logs.stdout).toContain('"GET /hello HTTP/1.1" 200');
    },
    TIMEOUT,
  );

  it(
    'redis: plain redis-server and redis-server <config> both answer PING from another container',
    async () => {
      const plain = `sct-redis-${suffix}`;
      await dockerOk(['run', '-d', '--name', plain, ...onNetwork, '--network-alias', 'cache', REDIS]);
      const conf = join(dir, 'redis.conf');
      writeFileSync(conf, 'port 6379\nrequirepass s3cret\nloglevel warning\nsave 60 1\n');
      const withConf = `sct-redis-conf-${suffix}`;
      await dockerOk([
        'run',
        '-d',
        '--name',
        withConf,
        ...onNetwork,
        '--network-alias',
        'cache-conf',
        '-v',
        `${conf}:/usr/local/etc/redis/redis.conf:ro`,
        REDIS,
        'redis-server',
        '/usr/local/etc/redis/redis.conf',
      ]);
      // score-compose's own shape: entrypoint redis-server, the config file as command.
      const overridden = `sct-redis-ep-${suffix}`;
      await dockerOk([
        'run',
        '-d',
        '--name',
        overridden,
        ...onNetwork,
        '--network-alias',
        'cache-ep',
        '--entrypoint',
        'redis-server',
        '-v',
        `${conf}:/usr/local/etc/redis/redis.conf:ro`,
        REDIS,
        '/usr/local/etc/redis/redis.conf',
      ]);

      const ping = async (args: string[]): Promise<Run> => {
        let last: Run = { code: -1, stdout: '', stderr: '' };
        for (let i = 0; i < 20; i++) {
          last = await docker(['run', '--rm', ...onNetwork, REDIS, 'redis-cli', ...args, 'ping']);
          if (last.code === 0 && !last.stdout.includes('Could not connect')) return last;
          await sleep(300);
        }
        return last;
      };
      expect((await ping(['-h', 'cache'])).stdout).toBe('PONG');
      expect((await ping(['-h', 'cache-conf', '-a', 's3cret', '--no-auth-warning'])).stdout).toBe('PONG');
      expect((await ping(['-h', 'cache-ep', '-a', 's3cret', '--no-auth-warning'])).stdout).toBe('PONG');
      expect((await ping(['-h', 'cache-conf'])).stdout).toMatch(/NOAUTH/);
      expect(await dockerOk(['exec', plain, 'cat', '/proc/1/comm'])).toBe('redis-server');
    },
    TIMEOUT,
  );

  it(
    'busybox and alpine stand-ins run echo and carry the usual applets',
    async () => {
      for (const image of UTILITY_IMAGES) {
        expect(await dockerOk(['run', '--rm', ...labelled, image, 'echo', `hello from ${image}`])).toBe(
          `hello from ${image}`,
        );
      }
      const applets = await dockerOk([
        'run',
        '--rm',
        ...labelled,
        'alpine:latest',
        'sh',
        '-c',
        'for a in sh echo wget nc sleep; do command -v $a; done',
      ]);
      expect(applets.split('\n')).toHaveLength(5);
    },
    TIMEOUT,
  );
});

// composeConfigCheck needs the Compose CLI but no engine: generated-file tests lean on it.
describe('composeConfigCheck', () => {
  it(
    'accepts a valid file and reports why an invalid one is rejected',
    async (ctx) => {
      const dir = mkdtempSync(join(tmpdir(), 'sct-compose-config-'));
      try {
        writeFileSync(
          join(dir, 'good.yaml'),
          `services:\n  db:\n    image: ${POSTGRES}\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data: {}\n`,
        );
        writeFileSync(
          join(dir, 'bad.yaml'),
          `services:\n  db:\n    image: ${POSTGRES}\n    volumes: [data:/var/lib/postgresql/data]\n`,
        );
        const good = await composeConfigCheck(join(dir, 'good.yaml'), dir);
        if (good.skipped) return skipOrFail(ctx, good.reason);
        expect(good).toEqual({ skipped: false, ok: true, stderr: '' });
        const bad = await composeConfigCheck('bad.yaml', dir);
        expect(bad.ok).toBe(false);
        expect(bad.stderr).toMatch(/undefined volume data/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
