// The two contestants of `npm run bench:environments`, each as start(name) → { readyMs, down() }:
// ours is the library's startEnvironment (from a private copy of dist/), the peer is
// testcontainers-node's DockerComposeEnvironment brought up on a compose file our CLI generated
// once with ephemeral ports and the same published ports startEnvironment adds. Also: the
// engine's own timeline of a started environment, and finding what a failed run left behind.

import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspectProject, serviceReadiness } from './engine.mjs';
import { runQuiet } from './proc.mjs';

/** What the stacks of this bench run (busybox: the workload; alpine: kept for the other benches' stacks). */
export const ENVIRONMENT_IMAGES = [
  'busybox:latest',
  'alpine:latest',
  'mirror.gcr.io/postgres:17-alpine',
  'mirror.gcr.io/nginx:1-alpine',
];

/** A bound on one start, for both tools (a start that takes this long has failed). */
const START_TIMEOUT_MS = 180_000;

let counter = 0;

/** A compose project name no other run on this engine uses (unique within one process too). */
export function environmentName(prefix) {
  counter += 1;
  const stamp = `${process.pid.toString(36)}${Date.now().toString(36)}${counter.toString(36)}`;
  return `${prefix}${stamp}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A private copy of the built package under bench/.work/ (node_modules still resolves from there):
 * other work in the tree may rebuild dist/ while the bench runs, and every round must use one build.
 */
export function snapshotPackage(repo) {
  const dir = join(repo, 'bench', '.work', `environments-lib-${process.pid}`);
  for (const part of ['bin', 'dist', 'provisioners', 'templates', 'package.json'])
    cpSync(join(repo, part), join(dir, part), { recursive: true });
  return {
    dir,
    cli: join(dir, 'bin', 'score-compose.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const milli = (hr) => Number(hr) / 1e6;

/** Our contestant: `startEnvironment` of the snapshot, with every log line time-stamped. */
export async function oursTool(snapshot, scoreFile) {
  const lib = await import(pathToFileURL(join(snapshot.dir, 'dist', 'index.js')).href);
  return {
    label: '`startEnvironment`',
    async start(projectName) {
      const lines = [];
      const t0 = process.hrtime.bigint();
      const at = () => milli(process.hrtime.bigint() - t0);
      const logger = {
        debug: () => {},
        info: (m) => lines.push({ at: at(), line: m }),
        warn: (m) => lines.push({ at: at(), line: `WARN: ${m}` }),
      };
      const epoch = Date.now();
      const env = await lib.startEnvironment({
        files: [scoreFile],
        cwd: dirname(scoreFile),
        projectName,
        logger,
        timeoutMs: START_TIMEOUT_MS,
      });
      const readyMs = at();
      return {
        epoch,
        readyMs,
        milestones: oursMilestones(lines),
        usable: env.routes().length > 0 && typeof env.outputs('db').port === 'number',
        down: () => env.down(),
      };
    },
  };
}

/** When our log says each phase ended: the two generate passes, the first object created, the last start. */
function oursMilestones(lines) {
  const provisioned = lines.filter((l) => /^Provisioned \d+ resources/.test(l.line));
  const created = lines.find((l) => /^(Network|Volume|Container) .+ {2}Created$/.test(l.line));
  const started = lines.filter((l) => /^Container .+ {2}Started$/.test(l.line)).at(-1);
  return {
    firstGenerate: provisioned[0]?.at ?? Number.NaN,
    secondGenerate: provisioned[1]?.at ?? Number.NaN,
    firstCreated: created?.at ?? Number.NaN,
    lastStarted: started?.at ?? Number.NaN,
  };
}

/**
 * The compose file the peer runs, made in `dir` by our CLI (`init`) and library (`generate` with
 * ephemeral ports, publishForHost and directDependencies, the options startEnvironment passes), so both tools run the
 * same containers with the same published ports. Returns the file and which services have a
 * healthcheck and published ports.
 */
export async function preparePeerFile(snapshot, scoreFile, dir) {
  const r = runQuiet(process.execPath, [snapshot.cli, 'init', '--no-sample', '-p', 'scbenvpeer'], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  if (r.code !== 0) throw new Error(`score-compose init failed in ${dir}:\n${r.stderr}`);
  const { generate, silentLogger } = await import(pathToFileURL(join(snapshot.dir, 'dist', 'index.js')).href);
  await generate({
    projectDir: dir,
    files: [scoreFile],
    output: 'compose.yaml',
    ephemeralPorts: true,
    publishForHost: true,
    directDependencies: true,
    logger: silentLogger,
  });
  const services = composeConfig(dir, 'compose.yaml').services;
  const names = Object.keys(services).sort();
  return {
    dir,
    file: 'compose.yaml',
    services: names.length,
    healthchecked: names.filter(
      (s) => services[s].healthcheck !== undefined && services[s].healthcheck.disable !== true,
    ),
    published: names.filter((s) => (services[s].ports ?? []).length > 0),
  };
}

function composeConfig(dir, file) {
  const r = runQuiet('docker', ['compose', '-f', file, 'config', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`docker compose config failed in ${dir}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The peer: testcontainers' DockerComposeEnvironment on the generated file, `Wait.forHealthCheck()`
 * for every service with a healthcheck and its default (listening ports) for the rest, the reaper
 * off (TESTCONTAINERS_RYUK_DISABLED, set before the module loads: its image cannot be pulled here).
 */
export async function peerTool(peer) {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');
  const lines = peerLog();
  return {
    label: 'testcontainers `DockerComposeEnvironment`',
    async start(projectName) {
      let environment = new DockerComposeEnvironment(peer.dir, peer.file)
        .withProjectName(projectName)
        .withStartupTimeout(START_TIMEOUT_MS);
      // Wait strategies are keyed by container name (`<service>-1`), not by service.
      for (const service of peer.healthchecked)
        environment = environment.withWaitStrategy(`${service}-1`, Wait.forHealthCheck());
      lines.length = 0;
      const epoch = Date.now();
      const t0 = process.hrtime.bigint();
      lines.t0 = t0;
      const started = await environment.up();
      const readyMs = milli(process.hrtime.bigint() - t0);
      const when = (re) => lines.find((l) => re.test(l.line))?.at ?? Number.NaN;
      return {
        epoch,
        readyMs,
        milestones: {
          composeUp: when(/Upping Compose environment/),
          composeUpped: when(/Upped Compose environment/),
          listed: when(/Started containers/),
        },
        usable: true,
        down: () => started.down(),
      };
    },
  };
}

/**
 * testcontainers' own log lines (its `debug` namespace `testcontainers`, enabled here and captured
 * instead of printed), time-stamped: when it spawned `docker compose up`, when that returned, when
 * it had listed the containers. Logging only formats a string; it does not change what up() does.
 */
function peerLog() {
  const lines = [];
  const requireFromPeer = createRequire(createRequire(import.meta.url).resolve('testcontainers'));
  const debug = requireFromPeer('debug');
  debug.enable('testcontainers');
  debug.log = (...args) => {
    if (lines.t0 !== undefined) lines.push({ at: milli(process.hrtime.bigint() - lines.t0), line: String(args[0]) });
  };
  return lines;
}

/**
 * The engine's view of a started environment, in ms since the call: first container created,
 * last container started, the last service ready (first passing probe, a one-shot's exit, or
 * the start), and the slowest service's own readiness (its start to ready).
 */
export function engineTimeline(projectName, epoch) {
  const services = serviceReadiness(inspectProject(projectName));
  const since = (values) => values.filter(Number.isFinite).map((v) => v - epoch);
  const created = since(services.map((s) => s.createdAt));
  const started = since(services.map((s) => s.startedAt));
  const ready = since(services.map((s) => s.readyAt));
  const slowest = services.reduce((a, s) => (a === undefined || s.ownMs > a.ownMs ? s : a), undefined);
  return {
    containers: services.length,
    firstCreated: created.length > 0 ? Math.min(...created) : Number.NaN,
    lastStarted: started.length > 0 ? Math.max(...started) : Number.NaN,
    lastReady: ready.length > 0 ? Math.max(...ready) : Number.NaN,
    slowestOwn: slowest?.ownMs ?? Number.NaN,
    slowestService: slowest?.service,
  };
}

/** Project directories startEnvironment left in the temp dir for `projectName` (after a failure). */
export function removeEnvironmentDirs(projectName) {
  const prefix = `score-env-${projectName}-`;
  for (const entry of readdirSync(tmpdir()))
    if (entry.startsWith(prefix)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
}
