#!/usr/bin/env node
// Entry of `npm run bench` (after the build): runs the five benchmarks of bench/README.md, then
// the diagnostic runs, prints a summary and rewrites the results section of bench/README.md.
// Without a Docker engine only the generate benchmarks run, and the README says why.
//
// Repetitions and scope are environment variables (defaults in brackets):
//   BENCH_COLD_REPS [15]   BENCH_SCALE_REPS [5]   BENCH_SCALE_SIZES [10,100,500]
//   BENCH_UP_REPS [5]      BENCH_WARMUP [1] (generate)   BENCH_UP_WARMUP [1]
//   BENCH_RUNTIME [1] (0 skips 3-5)   BENCH_DIAGNOSE [1] (0 skips profiles and traces)
//   BENCH_README [bench/README.md] (- prints the results instead of writing them)

import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnoseGenerate, diagnoseRuntime, importCosts } from './diagnose.mjs';
import { pingEngine, runtimeBlocker, sweepProject } from './engine.mjs';
import { makeScratch } from './fixtures.mjs';
import { benchGenerateCold, benchGenerateScale } from './generate-bench.mjs';
import { machineInfo, machineRows } from './machine.mjs';
import { chooseMemoryProbe, cleanUpOnSignal } from './proc.mjs';
import {
  coldSection,
  generateDiagnostics,
  importDiagnostics,
  runtimeDiagnostics,
  runtimeSections,
  scaleSection,
  spliceReadme,
} from './report.mjs';
import { benchRuntime, prepareSampleStack, SAMPLE_IMAGES } from './runtime-bench.mjs';
import { intEnv, settingsOf } from './env.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'bin', 'score-compose.js');

const ENV_KEYS = [
  'BENCH_COLD_REPS',
  'BENCH_SCALE_REPS',
  'BENCH_SCALE_SIZES',
  'BENCH_UP_REPS',
  'BENCH_WARMUP',
  'BENCH_UP_WARMUP',
  'BENCH_RUNTIME',
  'BENCH_DIAGNOSE',
];

function config() {
  const sizes = (process.env.BENCH_SCALE_SIZES ?? '10,100,500').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_SCALE_SIZES must list whole numbers, got '${process.env.BENCH_SCALE_SIZES}'`);
  return {
    coldReps: Math.max(1, intEnv('BENCH_COLD_REPS', 15)),
    scaleReps: Math.max(1, intEnv('BENCH_SCALE_REPS', 5)),
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    upReps: Math.max(1, intEnv('BENCH_UP_REPS', 5)),
    warmup: intEnv('BENCH_WARMUP', 1),
    upWarmup: intEnv('BENCH_UP_WARMUP', 1),
    runtime: intEnv('BENCH_RUNTIME', 1) !== 0,
    diagnose: intEnv('BENCH_DIAGNOSE', 1) !== 0,
    readme: process.env.BENCH_README ?? join(repo, 'bench', 'README.md'),
  };
}

const log = (line) => process.stderr.write(`${line}\n`);

function commandLine() {
  const set = settingsOf(ENV_KEYS);
  return [...set, 'npm run bench'].join(' ');
}

function machineTable(m, probe, load) {
  return [
    ...machineRows(m),
    `| load average (1 min) at start / end | ${load.start.toFixed(2)} / ${load.end.toFixed(2)} |`,
    `| peak memory from | ${probe === 'gnu-time' ? 'GNU time `%M` (max RSS of the process tree)' : '/proc/<pid>/status VmHWM polling of the direct child'} |`,
  ].join('\n');
}

async function main() {
  const cfg = config();
  if (!existsSync(join(repo, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
  const root = makeScratch();
  const stacks = [];
  const cleanup = () => {
    for (const s of stacks.splice(0)) sweepProject(s.name, s.dir);
    rmSync(root, { recursive: true, force: true });
  };
  cleanUpOnSignal(cleanup, log);

  const started = new Date();
  const load = { start: loadavg()[0], end: Number.NaN };
  const probe = chooseMemoryProbe(log);
  const sections = [];
  const goals = [];
  const diagnostics = [];
  let skipped;
  try {
    log(`1. generate, cold: ${cfg.coldReps} rounds`);
    const cold = coldSection(
      await benchGenerateCold({ cli, root, probe, reps: cfg.coldReps, warmup: cfg.warmup, log }),
    );
    sections.push(cold.text);
    goals.push(cold.goal);

    log(`2. generate, scaling ${cfg.sizes.join('/')} workloads: ${cfg.scaleReps} rounds`);
    const scale = scaleSection(
      await benchGenerateScale({ cli, root, probe, reps: cfg.scaleReps, warmup: cfg.warmup, sizes: cfg.sizes, log }),
    );
    sections.push(scale.text);
    goals.push(scale.goal);

    if (cfg.diagnose) {
      log('diagnostics: CPU profiles of generate');
      const profSizes = cfg.sizes.length >= 2 ? [cfg.sizes.at(-2), cfg.sizes.at(-1)] : cfg.sizes;
      diagnostics.push(generateDiagnostics(await diagnoseGenerate({ cli, root, sizes: profSizes })));
      const specs = [
        'yaml',
        'handlebars',
        'commander',
        'dockerode',
        './dist/cli/main.js',
        './dist/api/generate.js',
        './dist/runtime/engine/docker-runtime.js',
      ];
      diagnostics.push(importDiagnostics(await importCosts({ repo, specs })));
    }

    const engine = cfg.runtime ? await pingEngine() : { ok: false, reason: 'BENCH_RUNTIME=0' };
    skipped = engine.ok ? runtimeBlocker(SAMPLE_IMAGES) : engine.reason;
    if (skipped === undefined) {
      const stack = await prepareSampleStack({ cli, root });
      stacks.push(stack);
      log(`3-5. up / up again / down on project ${stack.name}: ${cfg.upReps} rounds per tool`);
      const rt = runtimeSections(
        await benchRuntime({ cli, stack, probe, reps: cfg.upReps, warmup: cfg.upWarmup, log }),
      );
      sections.push(rt.text);
      goals.push(...rt.goals);
      if (cfg.diagnose) {
        log('diagnostics: traced up / up again / down');
        diagnostics.push(runtimeDiagnostics(await diagnoseRuntime({ cli, root, stack })));
      }
    } else {
      log(`3-5 skipped: ${skipped}`);
      sections.push(`### 3–5. Up, up again, down — skipped\n\nSkipped because ${skipped}.`);
    }
  } finally {
    cleanup();
  }
  load.end = loadavg()[0];

  const summary = goals.map((g) => `- ${g.id}. ${g.text}: ${g.met ? '**met**' : '**not met**'} (${g.figure})`);
  if (skipped !== undefined) summary.push(`- 3–5. not run: ${skipped}`);
  const generated = [
    `Generated ${started.toISOString().replace(/\.\d+Z$/, 'Z')} by \`${commandLine()}\` (${Math.round((Date.now() - started.getTime()) / 1000)} s).`,
    '',
    machineTable(machineInfo(), probe, load),
    '',
    '### Goals',
    '',
    ...summary,
    '',
    ...sections.flatMap((s) => [s, '']),
    ...(diagnostics.length > 0 ? ['## Diagnostics (generated)', '', ...diagnostics.flatMap((d) => [d, ''])] : []),
  ].join('\n');

  log('');
  log(summary.join('\n'));
  if (cfg.readme === '-') process.stdout.write(`${generated}\n`);
  else {
    spliceReadme(cfg.readme, generated);
    log(`results written to ${cfg.readme}`);
  }
}

main().catch((err) => {
  log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
