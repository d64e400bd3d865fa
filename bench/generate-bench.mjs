// Benchmarks 1 and 2: `score-compose generate` as a whole process. Every timed run starts from a
// freshly `init`-ed project (the snapshot is restored outside the timing), so each one is a first
// generate; runs of the peers alternate, and their order flips every round.

import { initProject, uniqueName, writeScaleWorkloads } from './fixtures.mjs';
import { runTimed } from './proc.mjs';

function sample(r) {
  return { ms: r.ms, peakKb: r.peakKb };
}

/** Runs `rounds` rounds of the given contestants, rotating who goes first; returns samples per key. */
async function alternate(contestants, rounds, warmup, log) {
  const out = Object.fromEntries(contestants.map((c) => [c.key, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    const shift = round % contestants.length;
    const order = [...contestants.slice(shift), ...contestants.slice(0, shift)];
    for (const c of order) {
      await c.before?.();
      const r = await c.run();
      if (round >= warmup) out[c.key].push(sample(r));
    }
    if (round >= warmup)
      log(
        `  round ${round - warmup + 1}/${rounds}: ${order.map((c) => `${c.key} ${Math.round(out[c.key].at(-1).ms)} ms`).join(', ')}`,
      );
  }
  return out;
}

/**
 * Bench 1: `generate score.yaml` of the init sample against `node -e 0` (the floor) and
 * `score-compose --version` (the CLI's module loading with no work), alternating; `validate` of
 * the same file runs in the same rounds.
 */
export async function benchGenerateCold({ cli, root, probe, reps, warmup, log }) {
  const project = initProject(root, uniqueName('scbcold'), cli);
  const node = process.execPath;
  const samples = await alternate(
    [
      {
        key: 'generate',
        before: () => project.reset(),
        run: () => runTimed(node, [cli, 'generate', 'score.yaml'], { cwd: project.dir, probe }),
      },
      { key: 'floor', run: () => runTimed(node, ['-e', '0'], { cwd: project.dir, probe }) },
      { key: 'load', run: () => runTimed(node, [cli, '--version'], { cwd: project.dir, probe }) },
      // `validate` is run on every commit in CI: the same files, nothing written.
      { key: 'validate', run: () => runTimed(node, [cli, 'validate', 'score.yaml'], { cwd: project.dir, probe }) },
    ],
    reps,
    warmup,
    log,
  );
  return { reps, warmup, command: 'score-compose generate score.yaml', samples };
}

/**
 * Bench 2: one `generate` call with every workload file, for each size; three resources per
 * workload. The floor runs in the same rounds so per-workload cost can be taken net of start-up.
 */
export async function benchGenerateScale({ cli, root, probe, reps, warmup, sizes, log }) {
  const node = process.execPath;
  const contestants = [{ key: 'floor', run: () => runTimed(node, ['-e', '0'], { probe }) }];
  for (const n of sizes) {
    let files = [];
    const project = initProject(root, uniqueName(`scbscale${n}x`), cli, (dir) => {
      files = writeScaleWorkloads(dir, n);
    });
    contestants.push({
      key: String(n),
      before: () => project.reset(),
      run: () => runTimed(node, [cli, 'generate', ...files], { cwd: project.dir, probe }),
    });
  }
  const samples = await alternate(contestants, reps, warmup, log);
  return { reps, warmup, sizes, samples };
}
