// The Docker side of the bench: is an engine answering, are Compose and the images there, what
// did a stack's containers do (start, health, exit times), and removing every trace of a project.

import { request } from 'node:http';
import { runQuiet } from './proc.mjs';

/** The engine address the bench pings: DOCKER_HOST when it is unix:// or tcp://, else the default socket. */
export function engineAddress(env = process.env) {
  const host = env.DOCKER_HOST ?? '';
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length), label: host };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(host);
  if (tcp) return { host: tcp[1], port: Number(tcp[2]), label: host };
  return { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' };
}

/** Resolves to { ok: true } when GET /_ping answers 200 within the timeout, else { ok: false, reason }. */
export function pingEngine(env = process.env, timeoutMs = 3000) {
  const addr = engineAddress(env);
  return new Promise((resolve) => {
    const req = request({ ...addr, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(
        res.statusCode === 200
          ? { ok: true }
          : { ok: false, reason: `the Docker engine at ${addr.label} answered /_ping with HTTP ${res.statusCode}` },
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) =>
      resolve({ ok: false, reason: `the Docker engine at ${addr.label} does not answer (${err.code ?? err.message})` }),
    );
    req.end();
  });
}

/** Checks what the runtime benchmarks need besides the engine; resolves to undefined or the reason to skip. */
export function runtimeBlocker(images) {
  const compose = runQuiet('docker', ['compose', 'version', '--short'], { timeoutMs: 15_000 });
  if (compose.code !== 0)
    return `\`docker compose\` (Compose v2) is not installed: ${compose.stderr.trim().split('\n')[0] ?? ''}`;
  const missing = images.filter(
    (ref) => runQuiet('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { timeoutMs: 15_000 }).code !== 0,
  );
  if (missing.length > 0)
    return `images missing and no registry to pull from: ${missing.join(', ')} (scripts/build-standin-images.sh builds stand-ins)`;
  return undefined;
}

/** `docker inspect` of every container of a compose project (one-offs included), parsed. */
export function inspectProject(project) {
  const ids = runQuiet('docker', [
    'ps',
    '-aq',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
  ]);
  const list = ids.stdout.split('\n').filter(Boolean);
  if (list.length === 0) return [];
  const r = runQuiet('docker', ['inspect', ...list]);
  if (r.code !== 0) throw new Error(`docker inspect failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

// Engine timestamps carry nanoseconds; Date.parse keeps milliseconds only, which is enough here.
function engineTime(text) {
  if (typeof text !== 'string' || text.startsWith('0001-')) return Number.NaN;
  return Date.parse(text.replace(/(\.\d{3})\d*/, '$1'));
}

/**
 * Per service, how long the container itself took to become ready from its own start:
 * healthcheck → first passing probe; exited (one-shot) → its run time; otherwise ready on start.
 * Returns [{ service, kind, createdAt, startedAt, readyAt, ownMs }] with epoch-ms timestamps.
 */
export function serviceReadiness(inspected) {
  return inspected.map((c) => {
    const service = c.Config?.Labels?.['com.docker.compose.service'] ?? c.Name;
    const startedAt = engineTime(c.State?.StartedAt);
    const createdAt = engineTime(c.Created);
    let kind = 'running';
    let readyAt = startedAt;
    const health = c.State?.Health;
    if (health && Array.isArray(health.Log)) {
      kind = 'healthy';
      const pass = health.Log.filter((p) => p.ExitCode === 0 && engineTime(p.Start) >= startedAt - 1).map((p) =>
        engineTime(p.End),
      );
      readyAt = pass.length > 0 ? Math.min(...pass) : Number.NaN;
    } else if (c.State?.Status === 'exited') {
      kind = 'completed';
      readyAt = engineTime(c.State.FinishedAt);
    }
    return { service, kind, createdAt, startedAt, readyAt, ownMs: readyAt - startedAt };
  });
}

/** Ids of a project's containers by service, to tell whether an `up` recreated anything. */
export function containerIds(project) {
  return Object.fromEntries(
    inspectProject(project).map((c) => [c.Config?.Labels?.['com.docker.compose.service'] ?? c.Name, c.Id]),
  );
}

/** Removes every container, network and volume labelled with the project, whoever created them. */
export function sweepProject(project, dir) {
  if (dir !== undefined)
    runQuiet(
      'docker',
      ['compose', '--project-directory', dir, '-p', project, 'down', '-v', '--remove-orphans', '-t', '1'],
      { cwd: dir, timeoutMs: 120_000 },
    );
  const label = `label=com.docker.compose.project=${project}`;
  const kinds = [
    ['ps', '-aq', '--filter', label, '|', 'rm', '-f'],
    ['network', 'ls', '-q', '--filter', label, '|', 'network', 'rm'],
    ['volume', 'ls', '-q', '--filter', label, '|', 'volume', 'rm', '-f'],
  ];
  for (const spec of kinds) {
    const cut = spec.indexOf('|');
    const ids = runQuiet('docker', spec.slice(0, cut)).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) runQuiet('docker', [...spec.slice(cut + 1), ...ids], { timeoutMs: 120_000 });
  }
}

/** True when any container, network or volume of the project is left. */
export function projectLeftovers(project) {
  const label = `label=com.docker.compose.project=${project}`;
  const count = (args) => runQuiet('docker', args).stdout.split('\n').filter(Boolean).length;
  return (
    count(['ps', '-aq', '--filter', label]) +
    count(['network', 'ls', '-q', '--filter', label]) +
    count(['volume', 'ls', '-q', '--filter', label])
  );
}
