// The environments benchmark (bench/environments.mjs) run once, small (one round, two environments
// at once), against a real engine: it must finish, write a well-formed report and its raw figures,
// and leave nothing of its projects behind. Keeps the bench working in CI; no timing is asserted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';
import { ensureImages, leftovers, sweep } from '../helpers/stack-project.js';

interface Measurement {
  name: string;
  readyMs?: number;
  downMs?: number;
  cpuMs?: number;
  error?: string;
  leftovers: number;
  usable?: boolean;
}
interface Several {
  names: string[];
  wallMs: number;
  cpuMs?: number;
  each: number[];
  usable: boolean;
  error?: string;
  leftovers: number;
}
interface Results {
  record: {
    start: { ours: Measurement[]; peer: Measurement[] };
    parallel: Several[];
    sequential: Several[];
  };
  leftovers: string[];
}

function runBench(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join('bench', 'environments.mjs')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describeE2E('the environments benchmark (bench/environments.mjs, real engine)', () => {
  let dir = '';
  const projects: string[] = [];

  beforeAll(async () => {
    ensureImages([
      'busybox:latest',
      'alpine:latest',
      'mirror.gcr.io/postgres:17-alpine',
      'mirror.gcr.io/nginx:1-alpine',
    ]);
    dir = await mkdtemp(join(tmpdir(), 'env-bench-'));
  }, 900_000);
  afterAll(async () => {
    for (const name of projects) sweep(name);
    await rm(dir, { recursive: true, force: true });
  });

  it('one round against testcontainers and two environments at once: a report, figures, nothing left', async (ctx) => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) skipOrFail(ctx, 'the package is not built (npm run build)');
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const readme = join(dir, 'README.md');
    const json = join(dir, 'results.json');
    const run = await runBench({
      BENCH_ENV_REPS: '1',
      BENCH_ENV_WARMUP: '0',
      BENCH_ENV_PARALLEL_REPS: '1',
      BENCH_ENV_COUNT: '2',
      BENCH_ENV_README: readme,
      BENCH_ENV_JSON: json,
    });
    const results = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Results) : undefined;
    const { start, parallel, sequential } = results?.record ?? { start: { ours: [], peer: [] } };
    projects.push(
      ...[...start.ours, ...start.peer].map((m) => m.name),
      ...[...(parallel ?? []), ...(sequential ?? [])].flatMap((s) => s.names),
    );
    expect(run.code, run.output).toBe(0);

    // The raw figures: one measurement a side, each ready and down, both runs of two.
    for (const m of [...start.ours, ...start.peer]) {
      expect(m.error, m.name).toBeUndefined();
      expect(m.readyMs).toBeGreaterThan(0);
      expect(m.downMs).toBeGreaterThan(0);
      expect(m.cpuMs).toBeGreaterThan(0);
      expect(m.leftovers).toBe(0);
    }
    expect([start.ours.length, start.peer.length]).toEqual([1, 1]);
    expect(start.ours[0]?.usable).toBe(true);
    for (const runs of [parallel, sequential]) {
      expect(runs).toHaveLength(1);
      expect(runs?.[0]).toMatchObject({ usable: true, leftovers: 0 });
      expect(runs?.[0]?.error).toBeUndefined();
      expect(runs?.[0]?.each).toHaveLength(2);
      expect(runs?.[0]?.cpuMs).toBeGreaterThan(0);
    }
    expect(results?.leftovers).toEqual([]);

    // The report, between its markers, with every table filled in.
    const text = readFileSync(readme, 'utf8');
    expect(text).toMatch(/<!-- bench:environments:start -->[\s\S]+<!-- bench:environments:end -->/);
    expect(text).toMatch(/start to ready ≤ 0\.8× .*\*\*(met|not met)\*\* \(\d+\.\d\d×\)/);
    expect(text).toMatch(/2 environments at once .*\*\*(met|not met)\*\* \(2 at once \d+ ms/);
    expect(text).toMatch(/\| \*\*start to ready\*\* \(median\) \| \d+ \| \d+ \| \d+\.\d\d× \|/);
    expect(text).toMatch(/\| down \(median\) \| \d+ \| \d+ \| \d+\.\d\d× \|/);
    expect(text).toMatch(/\| 2 at once \| \d+ \| \d+–\d+ \| \d+\.\d\d× \|/);
    expect(text).toMatch(/\| 2 one after another \| \d+ \| \d+–\d+ \| \d+\.\d\d× \|/);
    expect(text).toMatch(/\| machine CPU busy from call to ready \(every process, ms\) \| \d+ \| \d+ \|/);
    expect(text).toMatch(/needs at least \d+ ms \(\d+\.\d\d× one\): 2 at once took \d+\.\d\d× of that floor\./);
    expect(text).toContain('Left behind after the run');
    expect(text).toMatch(/Left behind after the run .*: nothing\./);

    // And the engine agrees: nothing of any of its projects.
    for (const name of projects) expect(leftovers(name), name).toEqual({ containers: [], networks: [], volumes: [] });
  }, 900_000);
});
