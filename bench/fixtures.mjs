// Temporary projects for the bench: an `init`-ed project that can be reset to its post-init state
// before every timed run, the scaling workloads, and a free host port for the shared router.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuiet } from './proc.mjs';

/** A fresh scratch root under the OS temp dir; every bench project lives below it. */
export function makeScratch() {
  return mkdtempSync(join(tmpdir(), 'scbench-'));
}

/**
 * Runs `score-compose init` in `<root>/<name>` and keeps a copy of the result, so that
 * `reset()` brings the directory back to "just initialised" (every generate is then a first one).
 * The directory name is also the compose project name, so it must be unique per machine.
 * `prepare(dir)` adds files (e.g. workloads) that every reset keeps.
 */
export function initProject(root, name, cli, prepare = () => {}) {
  const dir = join(root, name);
  const snapshot = join(root, `${name}.snapshot`);
  mkdirSync(dir, { recursive: true });
  const r = runQuiet(process.execPath, [cli, 'init'], { cwd: dir });
  if (r.code !== 0) throw new Error(`score-compose init failed in ${dir}:\n${r.stderr}`);
  prepare(dir);
  cpSync(dir, snapshot, { recursive: true });
  return {
    dir,
    reset() {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      cpSync(snapshot, dir, { recursive: true });
    },
  };
}

/** A project name that no other run on this engine uses: lowercase, compose-safe. */
export function uniqueName(prefix) {
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Resolves to a TCP port that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// A typical service: one container reading its database or cache, a public host name, a data
// volume, and a service port. Even workloads use postgres (one shared server, one database
// each), odd ones redis (one server each), so the compose file grows with the workload count.
function scaleWorkload(i) {
  const name = `svc-${String(i).padStart(4, '0')}`;
  const store =
    i % 2 === 0
      ? {
          res: 'db',
          type: 'postgres',
          vars: [
            'DB_HOST: ${resources.db.host}',
            'DB_PORT: ${resources.db.port}',
            'DB_NAME: ${resources.db.name}',
            'DB_USER: ${resources.db.username}',
            'DB_PASSWORD: ${resources.db.password}',
          ],
        }
      : {
          res: 'cache',
          type: 'redis',
          vars: [
            'REDIS_HOST: ${resources.cache.host}',
            'REDIS_PORT: ${resources.cache.port}',
            'REDIS_PASSWORD: ${resources.cache.password}',
          ],
        };
  return [
    'apiVersion: score.dev/v1b1',
    'metadata:',
    `  name: ${name}`,
    'containers:',
    '  app:',
    '    image: mirror.gcr.io/nginx:1-alpine',
    '    variables:',
    `      SERVICE_NAME: ${name}`,
    '      PUBLIC_HOST: ${resources.dns.host}',
    ...store.vars.map((v) => `      ${v}`),
    '    volumes:',
    '      /var/lib/app:',
    '        source: ${resources.data}',
    'service:',
    '  ports:',
    '    web:',
    '      port: 8080',
    '      targetPort: 80',
    'resources:',
    '  data:',
    '    type: volume',
    '  dns:',
    '    type: dns',
    `  ${store.res}:`,
    `    type: ${store.type}`,
    '',
  ].join('\n');
}

/** Writes `n` workload files (three resources each) into `dir/workloads` and returns their relative paths. */
export function writeScaleWorkloads(dir, n) {
  const sub = join(dir, 'workloads');
  mkdirSync(sub, { recursive: true });
  const files = [];
  for (let i = 1; i <= n; i++) {
    const rel = join('workloads', `svc-${String(i).padStart(4, '0')}.score.yaml`);
    writeFileSync(join(dir, rel), scaleWorkload(i));
    files.push(rel);
  }
  return files;
}
