// `kill -9` at random moments of `generate` (the real command, a child process): whatever the
// moment, the next run recovers, and the project's files are exactly those of one complete run,
// the previous or the new one: compose file, state, workload inputs and every mounted file, with
// no temp file, backup, journal or lock left behind.
//
// Each lane is a project with many mounted files, toggled between two inputs (X and Y: every file
// differs). The runs are killed after a seeded random delay: most spread over the whole run, the
// rest over its write phase (staging, applying, the commit marker, the clean-up), whose timing is
// measured first. After each kill, `init` (which takes the state lock and so recovers, and writes
// nothing; run in-process) must succeed quickly, and the files must then be snapshot X or Y exactly; a
// run killed inside an uncommitted transaction must come back as the previous input, one killed
// after the commit marker as the new one. Every fifth round, a full `generate` must succeed.
//
// SCORE_COMPOSE_KILLS (default 200) and SCORE_COMPOSE_KILL_SEED change the count and the seed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { BIN, requireBuiltCli, runCliProcess } from '../helpers/built-cli.js';
import { prng as random } from '../helpers/mutate.js';

const KILLS = Number(process.env['SCORE_COMPOSE_KILLS'] ?? 200);
const SEED = Number(process.env['SCORE_COMPOSE_KILL_SEED'] ?? 20_240_917);
// Kills are spread over a few projects at once: a killed run waits on the disk as much as on a CPU.
const LANES = Math.min(4, Math.max(2, availableParallelism()));
const WORKLOADS = 8;
const FILES_PER_WORKLOAD = 15;

type Variant = 'X' | 'Y';
/** path → `dir`, or `<mode>:<content>` for a file. */
type Snapshot = Map<string, string>;

const scoreFiles = (variant: Variant): Record<string, string> => {
  const files: Record<string, string> = {};
  for (let w = 0; w < WORKLOADS; w++) {
    const lines = ['apiVersion: score.dev/v1b1', 'metadata:', `  name: w${w}`, 'containers:', '  main:'];
    lines.push('    image: busybox:latest', '    files:');
    for (let f = 0; f < FILES_PER_WORKLOAD; f++)
      lines.push(`      /etc/app/f${f}.conf:`, `        content: "${variant} w${w} f${f} ${'x'.repeat(200)}"`);
    lines.push('    variables:', `      VARIANT: "${variant}"`);
    // Resources whose provisioners write mounted files and generate secrets kept in the state.
    if (w === 0) lines.push('resources:', '  db:', '    type: postgres', '  cache:', '    type: redis');
    files[`w${w}.yaml`] = `${lines.join('\n')}\n`;
  }
  return files;
};
const SCORE_FILES = Object.keys(scoreFiles('X')).sort();

async function writeInputs(dir: string, variant: Variant): Promise<void> {
  for (const [name, text] of Object.entries(scoreFiles(variant))) await writeFile(join(dir, name), text);
}

/** Every output of the project: all but the Score files, directories included (a left-over `.txn/` counts). */
function snapshot(dir: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? entry : `${rel}/${entry}`;
      if (rel === '' && SCORE_FILES.includes(entry)) continue;
      const info = lstatSync(join(dir, path));
      if (info.isDirectory()) {
        out.set(path, 'dir');
        walk(path);
      } else out.set(path, `${(info.mode & 0o777).toString(8)}:${readFileSync(join(dir, path), 'latin1')}`);
    }
  };
  walk('');
  return out;
}

/** What differs between two snapshots, briefly (for a failure message). */
function difference(a: Snapshot, b: Snapshot): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .slice(0, 10)
    .map((k) => `${k}: ${a.has(k) ? (b.has(k) ? 'differs' : 'only in actual') : 'missing'}`);
}

const same = (a: Snapshot, b: Snapshot): boolean => difference(a, b).length === 0;

/** `generate` with the files given (so every run is the same command). */
const generateArgs = ['generate', ...SCORE_FILES];

/** Starts generate; resolves with how it ended, killing it with SIGKILL after `delayMs` if it still runs. */
function generateKilledAfter(dir: string, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--', BIN, ...generateArgs], { cwd: dir, stdio: 'ignore' });
    let exited = false;
    const timer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, delayMs);
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

/** Times one full generate and, by polling, when its transaction directory appeared and went. */
async function timeRun(dir: string): Promise<{ total: number; txnFrom: number; txnTo: number }> {
  const txn = join(dir, '.score-compose', '.txn');
  const started = performance.now();
  let txnFrom = Number.POSITIVE_INFINITY;
  let txnTo = 0;
  const poll = setInterval(() => {
    if (existsSync(txn)) {
      const t = performance.now() - started;
      txnFrom = Math.min(txnFrom, t);
      txnTo = Math.max(txnTo, t);
    }
  }, 1);
  const run = await runCliProcess(dir, generateArgs);
  clearInterval(poll);
  if (run.code !== 0) throw new Error(`generate failed (${run.code}): ${run.stderr}`);
  const total = performance.now() - started;
  return { total, txnFrom: Number.isFinite(txnFrom) ? txnFrom : total * 0.6, txnTo: Math.max(txnTo, total * 0.9) };
}

/** Where a killed run was, judged from what it left before anyone recovered. */
type Phase =
  | 'finished'
  | 'before the transaction'
  | 'inside the transaction'
  | 'an empty transaction directory'
  | 'after the commit marker'
  | 'after it';

interface LaneReport {
  phases: Record<Phase, number>;
  fullRuns: number;
  slowestRecoveryMs: number;
}

async function runLane(lane: number, kills: number): Promise<LaneReport> {
  const rand = random(SEED + lane);
  const dir = await tempProject(`kill-${lane}`, scoreFiles('X'));
  const init = await runCliProcess(dir, ['init', '--no-sample']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const snaps = {} as Record<Variant, Snapshot>;
  for (const variant of ['X', 'Y'] as const) {
    await writeInputs(dir, variant);
    const run = await runCliProcess(dir, generateArgs);
    if (run.code !== 0) throw new Error(`generate ${variant} failed: ${run.stderr}`);
    snaps[variant] = snapshot(dir);
  }
  expect(difference(snaps.X, snaps.Y).length, 'X and Y must differ').toBeGreaterThan(0);
  // Determinism: the same input again gives the same bytes (so "exactly one complete run" is testable).
  await writeInputs(dir, 'X');
  const timing = await timeRun(dir);
  expect(difference(snapshot(dir), snaps.X)).toEqual([]);
  await writeInputs(dir, 'Y');
  const timing2 = await timeRun(dir);
  expect(difference(snapshot(dir), snaps.Y)).toEqual([]);
  let total = Math.max(timing.total, timing2.total);
  let writeFrom = Math.min(timing.txnFrom, timing2.txnFrom);
  let writeTo = Math.max(timing.txnTo, timing2.txnTo);

  const report: LaneReport = {
    phases: {
      finished: 0,
      'before the transaction': 0,
      'inside the transaction': 0,
      'an empty transaction directory': 0,
      'after the commit marker': 0,
      'after it': 0,
    },
    fullRuns: 0,
    slowestRecoveryMs: 0,
  };
  let current: Variant = 'Y';
  for (let round = 1; round <= kills; round++) {
    const next: Variant = current === 'X' ? 'Y' : 'X';
    await writeInputs(dir, next);
    // 60%: anywhere in the run (and a little after); 40%: its write phase, with a margin.
    const delay = rand() < 0.6 ? rand() * total * 1.1 : writeFrom - 20 + rand() * (writeTo - writeFrom + 40);
    const where = `lane ${lane}, round ${round}, delay ${delay.toFixed(0)} ms (seed ${SEED})`;
    const { killed, code } = await generateKilledAfter(dir, Math.max(0, delay));
    const txn = join(dir, '.score-compose', '.txn');
    let phase: Phase;
    if (!killed) {
      expect(code, `${where}: an unkilled run must succeed`).toBe(0);
      phase = 'finished';
    } else if (existsSync(join(txn, 'committed'))) phase = 'after the commit marker';
    else if (existsSync(join(txn, 'journal.json'))) phase = 'inside the transaction';
    // Made before its journal, or left by the clean-up after the commit (journal, then marker):
    // either run may be the one that is there, as long as it is there completely.
    else if (existsSync(txn)) phase = 'an empty transaction directory';
    else {
      // A run killed after its transaction, before it let go of the lock, leaves the lock file: the
      // next run takes that over; it says nothing about how far the run got.
      const left = snapshot(dir);
      left.delete('.score-compose/.lock');
      phase = same(left, snaps[next]) ? 'after it' : 'before the transaction';
    }
    report.phases[phase] += 1;

    // The next run takes the lock and recovers; init writes nothing else. It runs in this process
    // (the same code as the command, without a Node start-up per round); the full runs below are
    // the real command again.
    const started = performance.now();
    const recovery = await runIn(dir, ['init', '--no-sample']);
    const took = performance.now() - started;
    report.slowestRecoveryMs = Math.max(report.slowestRecoveryMs, took);
    expect(recovery.code, `${where}: the next run failed: ${recovery.stderr}`).toBe(0);
    // A lock left by the killed run must not make it wait (an empty lock once cost 30 s).
    expect(took, `${where}: the next run waited for the lock`).toBeLessThan(10_000);

    const after = snapshot(dir);
    const matches = (['X', 'Y'] as const).filter((v) => same(after, snaps[v]));
    expect(
      matches,
      `${where} (${phase}): the files are not those of one complete run: ${difference(after, snaps[next]).join('; ')}`,
    ).toHaveLength(1);
    const now = matches[0] as Variant;
    if (phase === 'inside the transaction' || phase === 'before the transaction')
      expect(now, `${where} (${phase}): an uncommitted run must be rolled back`).toBe(current);
    if (phase === 'after the commit marker' || phase === 'after it' || phase === 'finished')
      expect(now, `${where}: a committed run must be finished`).toBe(next);
    current = now;

    if (round % 5 === 0) {
      const target: Variant = current === 'X' ? 'Y' : 'X';
      await writeInputs(dir, target);
      // Timed again: the machine's load moves, and the kills must keep reaching the write phase.
      const again = await timeRun(dir).catch((err: unknown) => {
        throw new Error(`${where}: a full generate after the kill failed: ${String(err)}`);
      });
      ({ total, txnFrom: writeFrom, txnTo: writeTo } = again);
      expect(difference(snapshot(dir), snaps[target]), `${where}: a full generate`).toEqual([]);
      report.fullRuns += 1;
      current = target;
    }
  }
  return report;
}

describe('kill -9 during generate (the real command)', () => {
  beforeAll(() => requireBuiltCli());

  it(`${KILLS} kills at random moments: every next run recovers to exactly one complete run`, async () => {
    const perLane = Math.ceil(KILLS / LANES);
    const reports = await Promise.all(
      Array.from({ length: LANES }, (_, lane) => runLane(lane, Math.min(perLane, KILLS - lane * perLane))),
    );
    const phases = reports.reduce<Record<string, number>>((sum, r) => {
      for (const [k, v] of Object.entries(r.phases)) sum[k] = (sum[k] ?? 0) + v;
      return sum;
    }, {});
    const fullRuns = reports.reduce((n, r) => n + r.fullRuns, 0);
    const slowest = Math.max(...reports.map((r) => r.slowestRecoveryMs));
    console.info(
      `kill test (seed ${SEED}): ${JSON.stringify(phases)}; ${fullRuns} full runs after kills; slowest recovery ${slowest.toFixed(0)} ms`,
    );
    // The kills must have reached the write phase, including the commit, not only the start.
    expect(phases['inside the transaction'] ?? 0).toBeGreaterThan(KILLS / 20);
    expect((phases['after the commit marker'] ?? 0) + (phases['after it'] ?? 0)).toBeGreaterThan(0);
  }, 900_000);
});
