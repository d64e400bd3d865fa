#!/usr/bin/env node
// Entry of `npm run bench:inner-loop` (after the build): the time from saving a change to the
// new content being served, ours against Docker Compose on the same stack (bench/inner-loop-stack.mjs).
//   (a) content  a served file changes: ours `watch` (rewritten in place) | `compose watch` sync
//   (b) variable a variable changes: ours `watch` (recreate) | compose cannot watch it: `compose up -d`
//   (c) rebuild  a file of a build context changes: ours `watch` | `compose watch` rebuild
//   (d) up       (a) and (b) without watch: ours `up` | `compose up -d --wait` (`--build` for (a))
// Every change is timed from the save (write + rename) to the first HTTP answer with the new
// content, polling every ~20 ms through the router. Rounds alternate which tool goes first; the
// median of the rounds is reported with the engine's own timeline of where the time went.
//
// Environment (defaults in brackets):
//   BENCH_INNER_REPS [5]        measured rounds     BENCH_INNER_WARMUP [1]  discarded rounds
//   BENCH_INNER_POLL_MS [20]    poll interval        BENCH_INNER_TIMEOUT_S [120] per change
//   BENCH_INNER_TRACE_REPS [2]  rounds again through an engine proxy (0 skips), for the request profile
//   BENCH_INNER_README [bench/README.md]  where the results go (between the bench:inner-loop
//                                         markers); `-` prints them instead

import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineAddress, pingEngine, runtimeBlocker, sweepProject } from './engine.mjs';
import { startEngineProxy } from './engine-trace.mjs';
import { freePort, makeScratch, uniqueName } from './fixtures.mjs';
import { innerLoopReport, spliceInnerLoop } from './inner-loop-report.mjs';
import { engineEvents, removeProjectImages, runCommand, serviceStartedAt, startWatcher } from './inner-loop-proc.mjs';
import {
  COMPOSE_WATCH_FILE,
  endpoints,
  INITIAL,
  INNER_LOOP_IMAGES,
  prepareStack,
  saveFile,
  SCORE_ARGS,
  waitForBody,
  webScore,
  withComposeGreeting,
} from './inner-loop-stack.mjs';
import { machineInfo } from './machine.mjs';
import { intEnv, settingsOf } from './env.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENV_KEYS = [
  'BENCH_INNER_REPS',
  'BENCH_INNER_WARMUP',
  'BENCH_INNER_POLL_MS',
  'BENCH_INNER_TIMEOUT_S',
  'BENCH_INNER_TRACE_REPS',
];

function config() {
  return {
    reps: Math.max(1, intEnv('BENCH_INNER_REPS', 5)),
    warmup: intEnv('BENCH_INNER_WARMUP', 1),
    pollMs: Math.max(1, intEnv('BENCH_INNER_POLL_MS', 20)),
    timeoutMs: Math.max(10, intEnv('BENCH_INNER_TIMEOUT_S', 120)) * 1000,
    traceReps: intEnv('BENCH_INNER_TRACE_REPS', 2),
    readme: process.env.BENCH_INNER_README ?? join(repo, 'bench', 'README.md'),
  };
}

const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const msBetween = (a, b) => Number(b.hr - a.hr) / 1e6;
const WAIT_TIMEOUT = ['--wait-timeout', '120'];

/** The service a scenario changes, and what it serves. */
const TARGET = {
  content: { service: 'web-main', endpoint: 'index' },
  variable: { service: 'web-main', endpoint: 'greeting' },
  rebuild: { service: 'app-main', endpoint: 'app' },
};

/** What each watcher prints when it noticed a change, and when a rebuilt image is ready. */
const LOG = {
  ours: { detected: /Change detected/, built: /Successfully tagged/ },
  compose: { detected: /Syncing|Rebuilding/, built: /successfully built/ },
};

const MUTATIONS = new Set(['create', 'kill', 'stop', 'die', 'destroy', 'rename', 'start', 'extract-to-dir', 'tag']);

/**
 * Milestones of one change, in ms since the save, from the engine's events and the tool's output:
 * when the watcher noticed, the first change on the engine, the image built, the file copied in
 * (compose sync), the new container created, the old one stopped, the new one's start begun (it
 * joins the network) and done; and which other services were started meanwhile.
 */
function milestones(events, lines, save, service, patterns) {
  const since = (epoch) => (Number.isFinite(epoch) ? epoch - save.epoch : Number.NaN);
  const find = (pred) => events.find(pred);
  const real = (e) => e.type !== 'container' || e.real;
  const own = (action) => (e) => e.type === 'container' && e.real && e.service === service && e.action === action;
  const created = find(own('create'));
  const begun = created && find((e) => e.type === 'network' && e.id === created.id);
  const started = created && find((e) => own('start')(e) && e.id === created.id);
  const line = (re) => (re === undefined ? undefined : lines.find((l) => re.test(l.line)));
  const others = events.filter(
    (e) => e.type === 'container' && e.real && e.action === 'start' && e.service !== service,
  );
  return {
    detected: since(line(patterns?.detected)?.at),
    firstChange: since(find((e) => real(e) && MUTATIONS.has(e.action))?.at),
    built: since(line(patterns?.built)?.at ?? find((e) => e.type === 'image' && e.action === 'tag')?.at),
    synced: since(find(own('extract-to-dir'))?.at),
    created: since(created?.at),
    oldStopped: since(find((e) => own('die')(e) && e.id !== created?.id)?.at),
    startBegun: since(begun?.at),
    started: since(started?.at),
    othersStarted: [...new Set(others.map((e) => e.service))].sort(),
    createdId: created?.id,
  };
}

/** Request milestones of one change (traced pass), in ms since the save, from the engine proxy's record. */
function requestMilestones(requests, save, createdId) {
  const since = (r) => (r === undefined ? Number.NaN : r.at - save.epoch);
  const find = (re) => requests.find((r) => re.test(`${r.method} ${r.path}`));
  return {
    firstRequest: since(requests[0]),
    buildRequested: since(find(/^POST \/v[\d.]+\/build/)),
    copyRequested: since(find(/^PUT \/v[\d.]+\/containers\/[^/]+\/archive/)),
    createRequested: since(find(/^POST \/v[\d.]+\/containers\/create/)),
    stopRequested: since(find(/^POST \/v[\d.]+\/containers\/[^/]+\/(stop|kill)/)),
    startRequested: since(
      createdId === undefined ? undefined : find(new RegExp(`^POST /v[\\d.]+/containers/${createdId}/start`)),
    ),
  };
}

class InnerLoop {
  constructor(cfg, cli) {
    this.cfg = cfg;
    this.cli = cli;
    this.stacks = {};
    this.watchers = {};
    this.round = 0;
    /** While tracing: a proxy on the engine socket per tool, so each request is known to be that tool's. */
    this.proxies = undefined;
  }

  envFor(tool) {
    const proxy = this.proxies?.[tool];
    return proxy === undefined ? process.env : { ...process.env, DOCKER_HOST: `unix://${proxy.socket}` };
  }

  async prepare(root) {
    for (const tool of ['ours', 'compose']) {
      const name = uniqueName(tool === 'ours' ? 'scbilo' : 'scbilc');
      const port = await freePort();
      this.stacks[tool] = prepareStack({ cli: this.cli, dir: join(root, name), name, port, tool });
      this.stacks[tool].composeText = () => readFileSync(join(this.stacks[tool].dir, COMPOSE_WATCH_FILE), 'utf8');
    }
  }

  /**
   * Starts both watchers (one after the other) and times each from spawn to all three pages
   * served; the first time with the initial content, later (after edits) with any content.
   */
  async startWatchers(initial) {
    const startup = {};
    for (const tool of ['ours', 'compose']) {
      const stack = this.stacks[tool];
      const spawned = { epoch: Date.now(), hr: process.hrtime.bigint() };
      const opts = { cwd: stack.dir, env: this.envFor(tool) };
      const w =
        tool === 'ours'
          ? startWatcher(process.execPath, [this.cli, 'watch', ...SCORE_ARGS, ...WAIT_TIMEOUT], opts)
          : startWatcher('docker', ['compose', '-f', COMPOSE_WATCH_FILE, 'watch'], opts);
      this.watchers[tool] = w;
      await w.waitFor(tool === 'ours' ? /^INFO: Watching \d+ director/ : /Watch enabled/, { timeoutMs: 300_000 });
      const ep = endpoints(stack);
      const ready = await Promise.all(
        [
          [ep.index, INITIAL.index],
          [ep.greeting, INITIAL.greeting],
          [ep.app, INITIAL.app],
        ].map(([e, body]) =>
          waitForBody(stack, e, initial ? body : undefined, { everyMs: this.cfg.pollMs, timeoutMs: 60_000 }),
        ),
      );
      if (ready.some((r) => r === undefined))
        throw new Error(`the ${tool} stack does not serve its pages:\n${w.text().slice(-3000)}`);
      startup[tool] = Math.max(...ready.map((r) => msBetween(spawned, r)));
      log(`  ${tool}: watching, serving after ${Math.round(startup[tool])} ms`);
    }
    return startup;
  }

  async stopWatchers() {
    const codes = {};
    for (const [tool, w] of Object.entries(this.watchers)) codes[tool] = await w.stop();
    this.watchers = {};
    return codes;
  }

  /** Saves the change of `scenario` for `tool`; returns the save instant and the command run with it, if any. */
  save(tool, scenario, value, mode) {
    const stack = this.stacks[tool];
    const path = (rel) => join(stack.dir, rel);
    const up =
      tool === 'ours'
        ? [process.execPath, [this.cli, 'up', ...SCORE_ARGS, ...WAIT_TIMEOUT]]
        : ['docker', ['compose', '-f', COMPOSE_WATCH_FILE, 'up', '-d', '--wait']];
    if (scenario === 'content') {
      const at = saveFile(path('site/index.html'), value);
      if (mode === 'watch') return { at, cmd: undefined };
      // Compose's copy has the file baked into web's image: without watch, only a build brings it in.
      return { at, cmd: tool === 'ours' ? up : [up[0], [...up[1], '--build']] };
    }
    if (scenario === 'rebuild') return { at: saveFile(path('app/index.html'), value), cmd: undefined };
    // variable: compose cannot watch it, so even in the watch rounds it is `up -d` after the edit.
    if (tool === 'ours') {
      const at = saveFile(path('score.yaml'), webScore(stack.port, value));
      return { at, cmd: mode === 'watch' ? undefined : up };
    }
    const at = saveFile(path(COMPOSE_WATCH_FILE), withComposeGreeting(stack.composeText(), value));
    return { at, cmd: mode === 'watch' ? ['docker', ['compose', '-f', COMPOSE_WATCH_FILE, 'up', '-d']] : up };
  }

  /** One change for one tool, timed from the save to the new content being served. */
  async measure(tool, scenario, mode) {
    const stack = this.stacks[tool];
    const watcher = mode === 'watch' ? this.watchers[tool] : undefined;
    const value = `${scenario}-${tool}-${mode}-${this.round}-${Math.random().toString(36).slice(2, 8)}`;
    const mark = watcher?.mark() ?? 0;
    const { at, cmd } = this.save(tool, scenario, value, mode);
    const running =
      cmd === undefined ? undefined : runCommand(cmd[0], cmd[1], { cwd: stack.dir, env: this.envFor(tool) });
    const target = TARGET[scenario];
    const served = await waitForBody(stack, endpoints(stack)[target.endpoint], value, {
      everyMs: this.cfg.pollMs,
      timeoutMs: this.cfg.timeoutMs,
    });
    const result = { servedMs: served === undefined ? Number.NaN : msBetween(at, served) };
    if (running !== undefined) {
      const done = await running;
      result.exitMs = done.endEpoch - at.epoch;
      if (done.code !== 0)
        result.error = `${cmd[0]} ${cmd[1].join(' ')} exited ${done.code}: ${done.stderr.slice(-500)}`;
    }
    // Let the round finish (ours prints how it ended; compose goes quiet) before the next change.
    if (watcher !== undefined) {
      if (tool === 'ours')
        await watcher
          .waitFor(/Done in \d+ ms|Nothing to change|The stack keeps running/, { from: mark, timeoutMs: 120_000 })
          .catch((err) => (result.error ??= err.message));
      else await watcher.quiet(700, 60_000);
    }
    if (served === undefined) result.error ??= `not served within ${this.cfg.timeoutMs} ms`;
    const events = engineEvents(stack.name, at.epoch - 20, Date.now());
    const lines = watcher?.lines.slice(mark) ?? [];
    result.milestones = milestones(events, lines, at, target.service, watcher === undefined ? undefined : LOG[tool]);
    if (this.proxies !== undefined) {
      const proxy = this.proxies[tool];
      const requests = proxy.requests
        .map((r) => ({ ...r, at: r.at + proxy.epochOffset }))
        .filter((r) => r.at >= at.epoch);
      result.requests = requestMilestones(requests, at, result.milestones.createdId);
    }
    if (scenario === 'variable' && served !== undefined) {
      const startedAt = serviceStartedAt(stack.name, target.service);
      result.ownStartMs = served.epoch - startedAt;
      result.beforeStartMs = startedAt - at.epoch;
    }
    if (result.error !== undefined) log(`    ${tool} ${scenario} (${mode}): ${result.error.split('\n')[0]}`);
    await sleep(500);
    return result;
  }

  /** Runs `reps` (+ `warmup`) rounds of the scenarios in `mode`, alternating which tool goes first. */
  async rounds(mode, scenarios, record, reps, warmup) {
    for (let r = 0; r < warmup + reps; r++) {
      this.round += 1;
      const parts = [];
      for (const [i, scenario] of scenarios.entries()) {
        const order = (r + i) % 2 === 0 ? ['ours', 'compose'] : ['compose', 'ours'];
        for (const tool of order) {
          const m = await this.measure(tool, scenario, mode);
          if (r >= warmup) record[`${scenario}-${mode}`][tool].push(m);
          parts.push(`${scenario} ${tool} ${Math.round(m.servedMs)}`);
        }
      }
      log(`  ${r < warmup ? `warm-up ${r + 1}/${warmup}` : `round ${r + 1 - warmup}/${reps}`}: ${parts.join(', ')} ms`);
    }
  }

  /** The same rounds again with every engine request recorded (never mixed into the timed figures). */
  async traced(root, record) {
    const engine = engineAddress();
    if (engine.socketPath === undefined) return `the engine is not on a unix socket (${engine.label}); no proxy`;
    this.proxies = {};
    try {
      for (const tool of ['ours', 'compose']) {
        const socket = join(root, `engine-proxy-${tool}.sock`);
        const proxy = await startEngineProxy(socket, engine.socketPath);
        this.proxies[tool] = Object.assign(proxy, { socket, epochOffset: Date.now() - proxy.now() });
      }
      await this.startWatchers(false);
      await this.rounds('watch', ['content', 'rebuild', 'variable'], record, this.cfg.traceReps, 0);
      await this.stopWatchers();
      await this.rounds('up', ['content', 'variable'], record, this.cfg.traceReps, 0);
    } finally {
      await this.stopWatchers();
      const proxies = Object.values(this.proxies);
      this.proxies = undefined;
      for (const proxy of proxies) await proxy.close();
    }
    return undefined;
  }
}

const emptyRecord = () =>
  Object.fromEntries(
    ['content-watch', 'variable-watch', 'rebuild-watch', 'content-up', 'variable-up'].map((k) => [
      k,
      { ours: [], compose: [] },
    ]),
  );

function commandLine() {
  const set = settingsOf(ENV_KEYS);
  return [...set, 'npm run bench:inner-loop'].join(' ');
}

/**
 * A private copy of the built CLI under bench/.work/ (where node_modules still resolves): other
 * work in the tree may rebuild dist/ while the bench runs, and every run must use one build.
 */
function snapshotCli() {
  const into = join(repo, 'bench', '.work', `inner-loop-cli-${process.pid}`);
  for (const part of ['bin', 'dist', 'provisioners', 'templates', 'package.json'])
    cpSync(join(repo, part), join(into, part), { recursive: true });
  return { dir: into, cli: join(into, 'bin', 'score-compose.js') };
}

async function main() {
  const cfg = config();
  if (!existsSync(join(repo, 'dist', 'cli-bundle')))
    throw new Error('dist/ is missing: run `npm run bench:inner-loop` (it builds first) or `npm run build`');
  const engine = await pingEngine();
  const blocker = engine.ok ? runtimeBlocker(INNER_LOOP_IMAGES) : engine.reason;
  if (blocker !== undefined) throw new Error(`the inner-loop benchmark needs a Docker engine and compose: ${blocker}`);

  const root = makeScratch();
  const snapshot = snapshotCli();
  const bench = new InnerLoop(cfg, snapshot.cli);
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await bench.stopWatchers().catch(() => undefined);
    for (const s of Object.values(bench.stacks)) {
      sweepProject(s.name, s.dir);
      removeProjectImages(s.name);
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(snapshot.dir, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      log(`\n${sig}: removing the bench's projects…`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const started = new Date();
  const load = { start: loadavg(), phases: [], end: undefined };
  const record = emptyRecord();
  const traceRecord = emptyRecord();
  let startup;
  let stopCodes;
  let traceSkipped;
  try {
    await bench.prepare(root);
    log(`inner loop: projects ${bench.stacks.ours.name} (ours) and ${bench.stacks.compose.name} (compose)`);
    log('starting both watchers');
    startup = await bench.startWatchers(true);
    log(`(a)-(c) with watch: ${cfg.reps} rounds (+${cfg.warmup} warm-up)`);
    await bench.rounds('watch', ['content', 'rebuild', 'variable'], record, cfg.reps, cfg.warmup);
    load.phases.push(loadavg()[0]);
    stopCodes = await bench.stopWatchers();
    log(`(d) up without watch: ${cfg.reps} rounds (+${cfg.warmup} warm-up)`);
    await bench.rounds('up', ['content', 'variable'], record, cfg.reps, cfg.warmup);
    load.phases.push(loadavg()[0]);
    if (cfg.traceReps > 0) {
      log(`diagnostics: ${cfg.traceReps} traced rounds through an engine proxy`);
      traceSkipped = await bench.traced(root, traceRecord);
    }
  } finally {
    await cleanup();
  }
  load.end = loadavg();

  const text = innerLoopReport({
    generated: `Generated ${started.toISOString().replace(/\.\d+Z$/, 'Z')} by \`${commandLine()}\` (${Math.round((Date.now() - started.getTime()) / 1000)} s).`,
    machine: machineInfo(),
    load,
    cfg,
    startup,
    stopCodes,
    record,
    traceRecord: cfg.traceReps > 0 && traceSkipped === undefined ? traceRecord : undefined,
    traceSkipped,
  });
  log('');
  if (cfg.readme === '-') process.stdout.write(`${text}\n`);
  else {
    const before = existsSync(cfg.readme) ? readFileSync(cfg.readme, 'utf8') : '';
    writeFileSync(cfg.readme, spliceInnerLoop(before, text));
    log(`results written to ${cfg.readme}`);
  }
}

main().catch((err) => {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
