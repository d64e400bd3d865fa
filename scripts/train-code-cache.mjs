#!/usr/bin/env node
// Build step (run by scripts/bundle-cli.mjs): makes the V8 code caches of the CLI bundle, one per
// profile of bin/score-compose.js (CODE_CACHE_PROFILES): `generate`, trained by a generate of
// the init sample, and `runtime`, trained by `ps` and `down` in a generated project against a
// stand-in engine on a unix socket. Each profile is trained in a process of its own (V8 shares compiled code between
// scripts of the same text in one process): the bundle is loaded without a cache, the commands
// run, and the compiled code of everything that ran (vm.Script#createCachedData) is saved.
// Later runs take that code instead of compiling it again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = createRequire(import.meta.url).resolve('../bin/score-compose.js');
const { BUNDLE_FILE, CODE_CACHE_PROFILES, bundleIdOf, codeCacheFile, codeCachePath, expectedHeader, loadBundle } =
  createRequire(import.meta.url)(bin);

/** A stand-in Docker engine with one running container and one network of project `train`. */
function standInEngine(socket) {
  const labels = { 'com.docker.compose.project': 'train', 'com.docker.compose.service': 'web' };
  const routes = {
    'GET /version': { ApiVersion: '1.41', MinAPIVersion: '1.12', Version: '20.10.0' },
    'GET /containers/json': [
      { Id: 'c0', Names: ['/train-web-1'], Image: 'nginx', State: 'running', Status: 'Up', Labels: labels, Ports: [] },
    ],
    'GET /networks': [{ Id: 'n0', Name: 'train_default', Driver: 'bridge', Labels: labels }],
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '');
    const body = routes[`${req.method} ${path}`];
    req.resume();
    if (body !== undefined) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    else if (req.method === 'POST' || req.method === 'DELETE')
      res.writeHead(204).end(); // stop, remove
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

/** Runs `score-compose <argv>` in this process on `bundle`, its output kept for an error message. */
async function run(bundle, argv) {
  let output = '';
  const capture = { write: (text) => void (output += text) };
  const code = await bundle.exports.main(argv, undefined, { stdout: capture, stderr: capture });
  if (code !== 0) throw new Error(`score-compose ${argv.join(' ')} exited with ${code}:\n${output}`);
}

/** Runs `score-compose <argv>` in another process, so that none of its code is compiled in this one. */
function setUp(argv, cwd) {
  const child = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`score-compose ${argv.join(' ')} failed:\n${child.stderr}`);
}

async function train(profile, work) {
  // The project directory's name is the compose project's: the stand-in engine's containers are of `train`.
  const project = join(work, 'train');
  mkdirSync(project);
  setUp(['init'], project);
  let engine;
  if (profile === 'runtime') {
    setUp(['generate', 'score.yaml'], project); // a state file as down, ps and logs read it
    engine = await standInEngine(join(work, 'engine.sock'));
    process.env.DOCKER_HOST = `unix://${join(work, 'engine.sock')}`;
  }
  const bytes = readFileSync(BUNDLE_FILE);
  const id = bundleIdOf(bytes);
  if (id === undefined) throw new Error(`${BUNDLE_FILE} has no bundle id line`);
  const bundle = loadBundle(BUNDLE_FILE, undefined);
  process.chdir(project);
  const runs = profile === 'generate' ? [['generate', 'score.yaml']] : [['ps'], ['down']];
  for (const argv of runs) await run(bundle, argv);
  engine?.close();
  const ascii = !bytes.some((b) => b > 0x7f);
  writeFileSync(codeCachePath(profile), codeCacheFile(expectedHeader(id, ascii), bundle.script.createCachedData()));
}

const profile = process.argv[2];
if (profile === undefined) {
  for (const p of CODE_CACHE_PROFILES) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), p], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`training the ${p} code cache failed`);
  }
} else {
  if (!CODE_CACHE_PROFILES.includes(profile)) throw new Error(`unknown code cache profile ${profile}`);
  const work = mkdtempSync(join(tmpdir(), 'score-compose-train-'));
  try {
    await train(profile, work);
  } finally {
    process.chdir(tmpdir());
    rmSync(work, { recursive: true, force: true });
  }
}
