// Benchmarks 1 and 2: `score-compose generate` as a whole process. Every timed run starts from a
// freshly `init`-ed project (the snapshot is restored outside the timing), so each one is a first
// generate; runs of the peers alternate, and their order flips every round.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * A `dns` provisioner written as a Go template (score-compose's syntax), sorting before the
 * defaults so it serves the sample's dns resource: the `generate-go` row pays for loading and
 * running the Go template engine, which a project with Handlebars templates only never loads.
 */
const GO_DNS_PROVISIONER = `- uri: template://bench/dns-in-go
  type: dns
  init: |
    randomHostname: dns{{ randAlphaNum 6 | lower }}.localhost
  state: |
    instanceHostname: {{ dig "instanceHostname" .Init.randomHostname .State | quote }}
  outputs: |
    host: {{ .State.instanceHostname }}
    url: http://{{ .State.instanceHostname }}:8080
`;

/**
 * Bench 1: `generate score.yaml` of the init sample against `node -e 0` (the floor) and
 * `score-compose --version` (the CLI's module loading with no work), alternating; `validate` of
 * the same file, and the same generate with one Go-template provisioner, run in the same rounds.
 */
export async function benchGenerateCold({ cli, root, probe, reps, warmup, log }) {
  const project = initProject(root, uniqueName('scbcold'), cli);
  const goProject = initProject(root, uniqueName('scbcoldgo'), cli, (dir) =>
    writeFileSync(join(dir, '.score-compose', '00-go.provisioners.yaml'), GO_DNS_PROVISIONER),
  );
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
      {
        key: 'generateGo',
        before: () => goProject.reset(),
        run: () => runTimed(node, [cli, 'generate', 'score.yaml'], { cwd: goProject.dir, probe }),
      },
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
