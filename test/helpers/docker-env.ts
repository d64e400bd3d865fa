/**
 * What the e2e tiers may rely on: a Docker engine that answers, and Compose v2 for checks
 * of generated files. When either is missing a suite is skipped with a reason, unless
 * SCORE_COMPOSE_E2E=require (CI), where a missing engine is a failure instead.
 * Deliberately free of dockerode: it must work even when the runtime module is broken.
 */
import { execFile, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { describe, it } from 'vitest';
import type { TestContext } from 'vitest';

/** Where the engine listens: a unix socket, or a plain-HTTP TCP address. */
export type EngineAddress = { socketPath: string } | { host: string; port: number };

/** Result of `docker compose config --quiet`; `skipped` when Compose v2 is not installed. */
export type ComposeConfigResult =
  { skipped: false; ok: boolean; stderr: string } | { skipped: true; ok: false; stderr: string; reason: string };

const PING_TIMEOUT_MS = 3_000;
const SETUP_HINT = 'run scripts/ci-setup.sh (or scripts/start-docker.sh) to install and start one';

/** True when e2e suites must fail rather than skip without an engine (CI sets it). */
export function e2eRequired(): boolean {
  return process.env['SCORE_COMPOSE_E2E'] === 'require';
}

/** Reads DOCKER_HOST the way the docker CLI does; undefined for schemes we cannot ping (ssh, npipe). */
export function engineAddress(dockerHost = process.env['DOCKER_HOST']): EngineAddress | undefined {
  if (dockerHost === undefined || dockerHost === '') return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://') || dockerHost.startsWith('http://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: url.port === '' ? 2375 : Number(url.port) };
  }
  return undefined;
}

/** Why the engine cannot be used (a short reason), or undefined when GET /_ping answers 200. */
export function engineProblem(): Promise<string | undefined> {
  const address = engineAddress();
  if (address === undefined)
    return Promise.resolve(`DOCKER_HOST=${process.env['DOCKER_HOST'] ?? ''} is not a unix or tcp address`);
  const where = 'socketPath' in address ? address.socketPath : `${address.host}:${address.port}`;
  return new Promise((resolve) => {
    const req = request({ ...address, path: '/_ping', method: 'GET', timeout: PING_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `GET /_ping on ${where} answered ${res.statusCode ?? '?'}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)));
    req.on('error', (err) => resolve(`no Docker engine at ${where}: ${err.message}`));
    req.end();
  });
}

let composeV2: boolean | undefined;

/** True when `docker compose version` reports v2 (cached: it spawns the CLI once). */
export function composeAvailable(): boolean {
  if (composeV2 === undefined) {
    const out = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8', timeout: 15_000 });
    composeV2 = out.status === 0 && /^v?2\./.test(out.stdout.trim());
  }
  return composeV2;
}

/**
 * Like `describe`, for suites that need a Docker engine. Without one the suite is skipped with
 * a console message, or, under SCORE_COMPOSE_E2E=require, replaced by one failing test.
 */
export function describeE2E(name: string, fn: () => void): void {
  // vitest awaits an async suite factory, so the ping happens at collection time.
  describe(name, async () => {
    const problem = await engineProblem();
    if (problem === undefined) {
      fn();
      return;
    }
    if (e2eRequired()) {
      it('has a Docker engine (SCORE_COMPOSE_E2E=require)', () => {
        throw new Error(`${problem}; SCORE_COMPOSE_E2E=require makes this a failure: ${SETUP_HINT}`);
      });
      return;
    }
    console.warn(`[e2e] skipping "${name}": ${problem}; ${SETUP_HINT}`);
    describe.skip('(skipped: no Docker engine)', fn);
  });
}

/**
 * For a test that cannot run here (e.g. a skipped compose check): fails under
 * SCORE_COMPOSE_E2E=require, otherwise skips the test with the reason.
 */
export function skipOrFail(ctx: TestContext, reason: string): never {
  if (e2eRequired()) throw new Error(`${reason}; SCORE_COMPOSE_E2E=require makes this a failure`);
  console.warn(`[e2e] skipping "${ctx.task.name}": ${reason}`);
  return ctx.skip(reason);
}

/**
 * Runs `docker compose -f <file> config --quiet` in cwd (needs no engine) to check a generated file;
 * `envFile` stands for the `.env` beside the file (the secrets a copy elsewhere needs).
 */
export function composeConfigCheck(
  composeYamlPath: string,
  cwd: string,
  envFile?: string,
): Promise<ComposeConfigResult> {
  if (!composeAvailable()) {
    const reason = 'docker compose v2 is not installed (scripts/install-compose.sh installs it)';
    return Promise.resolve({ skipped: true, ok: false, stderr: '', reason });
  }
  return new Promise((resolve) => {
    execFile(
      'docker',
      [
        'compose',
        '-f',
        composeYamlPath,
        ...(envFile === undefined ? [] : ['--env-file', envFile]),
        'config',
        '--quiet',
      ],
      { cwd, timeout: 60_000, encoding: 'utf8' },
      (err, _stdout, stderr) => resolve({ skipped: false, ok: err === null, stderr: stderr.trim() }),
    );
  });
}

/**
 * The project as `docker compose -f <file> config --format json` reads it (interpolated with
 * `env`), or the reason it could not be asked: Compose v2 missing, or compose refused the file.
 */
export function composeConfigJson(
  composeYamlPath: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: true; project: Record<string, unknown> } | { ok: false; reason: string }> {
  if (!composeAvailable()) {
    return Promise.resolve({ ok: false, reason: 'docker compose v2 is not installed (scripts/install-compose.sh)' });
  }
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['compose', '-f', composeYamlPath, 'config', '--format', 'json'],
      { cwd, env, timeout: 60_000, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve(
          err === null
            ? { ok: true, project: JSON.parse(stdout) as Record<string, unknown> }
            : { ok: false, reason: `docker compose config failed: ${stderr.trim() || err.message}` },
        ),
    );
  });
}
