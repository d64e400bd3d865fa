#!/usr/bin/env node
// Entry of `npm run bench:environments` (after the build): test environments from one Score file
// with a route and a postgres resource (examples/testing/score.yaml by default).
//   1. start to ready: the library's startEnvironment against testcontainers-node's
//      DockerComposeEnvironment up() on the same generated compose file; then each one's down
//   2. N environments started at once (Promise.all of startEnvironment) against N one after another
// Every start begins with nothing of its project on the engine; rounds alternate which side goes
// first; after every round everything of the round's projects is swept by the compose project label.
//
// Environment (defaults in brackets):
//   BENCH_ENV_REPS [5]           rounds of 1            BENCH_ENV_WARMUP [1]  discarded rounds of 1
//   BENCH_ENV_PARALLEL_REPS [3]  rounds of 2            BENCH_ENV_COUNT [4]   environments in 2
//   BENCH_ENV_SCORE [examples/testing/score.yaml]
//   BENCH_ENV_README [bench/README.md]  where the results go (between the bench:environments
//                                       markers); `-` prints them instead
//   BENCH_ENV_JSON                      also write the raw figures there (the e2e test reads them)

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pingEngine, projectLeftovers, runtimeBlocker, sweepProject } from './engine.mjs';
import { intEnv, settingsOf } from './env.mjs';
import { environmentsReport, spliceEnvironments } from './environments-report.mjs';
import {
  engineTimeline,
  ENVIRONMENT_IMAGES,
  environmentName,
  oursTool,
  peerTool,
  preparePeerFile,
  removeEnvironmentDirs,
  snapshotPackage,
} from './environments-tools.mjs';
import { makeScratch } from './fixtures.mjs';
import { machineInfo } from './machine.mjs';
import { busySince, cpuCounters, quiet } from './cpu.mjs';
import { cleanUpOnSignal } from './proc.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENV_KEYS = [
  'BENCH_ENV_REPS',
  'BENCH_ENV_WARMUP',
  'BENCH_ENV_PARALLEL_REPS',
  'BENCH_ENV_COUNT',
  'BENCH_ENV_SCORE',
];

function config() {
  return {
    reps: Math.max(1, intEnv('BENCH_ENV_REPS', 5)),
    warmup: intEnv('BENCH_ENV_WARMUP', 1),
    parallelReps: Math.max(1, intEnv('BENCH_ENV_PARALLEL_REPS', 3)),
    count: Math.max(2, intEnv('BENCH_ENV_COUNT', 4)),
    score: resolve(process.env.BENCH_ENV_SCORE ?? join(repo, 'examples', 'testing', 'score.yaml')),
    readme: process.env.BENCH_ENV_README ?? join(repo, 'bench', 'README.md'),
    json: process.env.BENCH_ENV_JSON,
  };
}

const log = (line) => process.stderr.write(`${line}\n`);
const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const firstLine = (err) => (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);

/** Every project the bench made, so the clean-up finds them whatever happened. */
const projects = new Set();

/** Removes every container, network and volume of the projects, and startEnvironment's directories. */
function sweep(names) {
  for (const name of names) {
    sweepProject(name);
    removeEnvironmentDirs(name);
  }
}

/** Takes environments down; what fails is left to the sweep. Resolves to each one's down time. */
async function downAll(started) {
  return Promise.all(
    started.map(async (s) => {
      const t0 = process.hrtime.bigint();
      try {
        await s.down();
        return msSince(t0);
      } catch (err) {
        log(`    down of ${s.name} failed: ${firstLine(err)}`);
        return Number.NaN;
      }
    }),
  );
}

/** Names (of `names`) with containers, networks or volumes left on the engine. */
const leftoversOf = (names) => names.filter((n) => projectLeftovers(n) > 0);

/**
 * One start of one tool from nothing, timed from the call to ready; the engine's timeline is read
 * before the (separately timed) down, then the project is checked for leftovers and swept.
 */
async function startAndDown(tool, prefix) {
  const name = environmentName(prefix);
  projects.add(name);
  const result = { name };
  try {
    if (projectLeftovers(name) > 0) throw new Error(`project ${name} exists before its start`);
    await quiet();
    const cpu = cpuCounters();
    const started = await tool.start(name);
    Object.assign(result, {
      cpuMs: busySince(cpu),
      readyMs: started.readyMs,
      milestones: started.milestones,
      usable: started.usable,
      engine: engineTimeline(name, started.epoch),
    });
    [result.downMs] = await downAll([{ name, down: started.down }]);
  } catch (err) {
    result.error = firstLine(err);
    log(`    ${prefix}: ${result.error}`);
  }
  result.leftovers = projectLeftovers(name);
  sweep([name]);
  return result;
}

/** Part 1: rounds of ours and the peer, alternating which starts first. */
async function startRounds(cfg, tools, record) {
  for (let r = 0; r < cfg.warmup + cfg.reps; r++) {
    const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    const parts = [];
    for (const side of order) {
      const m = await startAndDown(tools[side], side === 'ours' ? 'scbenvo' : 'scbenvt');
      m.first = side === order[0];
      (r < cfg.warmup ? record.warmup : record.start)[side].push(m);
      parts.push(`${side} ${m.error ? 'failed' : `${Math.round(m.readyMs)} ms (down ${Math.round(m.downMs)})`}`);
    }
    log(
      `  ${r < cfg.warmup ? `warm-up ${r + 1}/${cfg.warmup}` : `round ${r + 1 - cfg.warmup}/${cfg.reps}`}: ${parts.join(', ')}`,
    );
  }
}

/** Starts `count` environments with `run` (all at once, or one after another); all are taken down after. */
async function several(tool, count, mode) {
  const names = Array.from({ length: count }, () => environmentName(mode === 'parallel' ? 'scbenvp' : 'scbenvs'));
  for (const n of names) projects.add(n);
  const one = async (name) => {
    const t0 = process.hrtime.bigint();
    const started = await tool.start(name);
    return { name, ms: msSince(t0), usable: started.usable, down: started.down };
  };
  const result = { mode, names };
  await quiet();
  const cpu = cpuCounters();
  const t0 = process.hrtime.bigint();
  const settled = [];
  if (mode === 'parallel') settled.push(...(await Promise.allSettled(names.map(one))));
  else for (const name of names) settled.push(...(await Promise.allSettled([one(name)])));
  result.wallMs = msSince(t0);
  result.cpuMs = busySince(cpu);
  const ok = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  result.each = ok.map((s) => s.ms);
  result.usable = ok.every((s) => s.usable);
  const failed = settled.filter((s) => s.status === 'rejected');
  if (failed.length > 0) {
    result.error = `${failed.length} of ${count} failed: ${firstLine(failed[0].reason)}`;
    log(`    ${mode}: ${result.error}`);
  }
  await downAll(ok);
  result.leftovers = leftoversOf(names).length;
  sweep(names);
  return result;
}

/** Part 2: rounds of N at once and N one after another, alternating which goes first. */
async function severalRounds(cfg, ours, record) {
  for (let r = 0; r < cfg.parallelReps; r++) {
    const order = r % 2 === 0 ? ['parallel', 'sequential'] : ['sequential', 'parallel'];
    const parts = [];
    for (const mode of order) {
      const m = await several(ours, cfg.count, mode);
      record[mode].push(m);
      parts.push(`${mode} ${m.error ? 'failed' : `${Math.round(m.wallMs)} ms`}`);
    }
    log(`  round ${r + 1}/${cfg.parallelReps}: ${parts.join(', ')}`);
  }
}

function commandLine() {
  return [...settingsOf(ENV_KEYS), 'npm run bench:environments'].join(' ');
}

async function main() {
  const cfg = config();
  if (!existsSync(join(repo, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run bench:environments` (it builds first) or `npm run build`');
  if (!existsSync(cfg.score)) throw new Error(`no Score file at ${cfg.score}`);
  const engine = await pingEngine();
  const blocker = engine.ok ? runtimeBlocker(ENVIRONMENT_IMAGES) : engine.reason;
  if (blocker !== undefined)
    throw new Error(`the environments benchmark needs a Docker engine and compose: ${blocker}`);

  const root = makeScratch();
  const snapshot = snapshotPackage(repo);
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    sweep(projects);
    rmSync(root, { recursive: true, force: true });
    snapshot.remove();
  };
  cleanUpOnSignal(cleanup, log);

  const started = new Date();
  const load = { start: loadavg(), phases: [], end: undefined };
  const record = {
    warmup: { ours: [], peer: [] },
    start: { ours: [], peer: [] },
    parallel: [],
    sequential: [],
  };
  let peer;
  try {
    const peerDir = join(root, 'peer');
    mkdirSync(peerDir);
    peer = await preparePeerFile(snapshot, cfg.score, peerDir);
    log(`peer compose file: ${join(peerDir, peer.file)} (published: ${peer.published.join(', ')})`);
    const tools = { ours: await oursTool(snapshot, cfg.score), peer: await peerTool(peer) };
    log(`6. start to ready, ours against testcontainers: ${cfg.reps} rounds (+${cfg.warmup} warm-up)`);
    await startRounds(cfg, tools, record);
    load.phases.push(loadavg()[0]);
    log(`7. ${cfg.count} environments at once against one after another: ${cfg.parallelReps} rounds`);
    await severalRounds(cfg, tools.ours, record);
    load.phases.push(loadavg()[0]);
  } finally {
    cleanup();
  }
  load.end = loadavg();

  const leftovers = [...projects].filter((n) => projectLeftovers(n) > 0);
  const results = { cfg: { ...cfg, score: cfg.score.replace(`${repo}/`, '') }, peer, record, load, leftovers };
  const text = environmentsReport({
    generated: `Generated ${started.toISOString().replace(/\.\d+Z$/, 'Z')} by \`${commandLine()}\` (${Math.round((Date.now() - started.getTime()) / 1000)} s).`,
    machine: machineInfo(),
    ...results,
  });
  if (cfg.json) writeFileSync(cfg.json, `${JSON.stringify(results, null, 2)}\n`);
  log('');
  if (cfg.readme === '-') process.stdout.write(`${text}\n`);
  else {
    const before = existsSync(cfg.readme) ? readFileSync(cfg.readme, 'utf8') : '';
    writeFileSync(cfg.readme, spliceEnvironments(before, text));
    log(`results written to ${cfg.readme}`);
  }
  const failures = [
    ...Object.values(record.start).flat(),
    ...Object.values(record.warmup).flat(),
    ...record.parallel,
    ...record.sequential,
  ].filter((m) => m.error !== undefined);
  if (failures.length > 0 || leftovers.length > 0) {
    log(`${failures.length} failed measurement(s); projects left behind: ${leftovers.join(', ') || 'none'}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
