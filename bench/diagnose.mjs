// Diagnostic runs, separate from the timed ones: where a generate spends its CPU (V8 profile,
// by module and charged to our calling function, at two sizes so super-linear parts show), and
// what an `up`/`down` does against the engine (request counts through a counting proxy, log
// lines with their arrival time, and the engine's own create/start/ready times per service).

import { join } from 'node:path';
import { profileRun } from './cpu-profile.mjs';
import { engineAddress, inspectProject, serviceReadiness, sweepProject } from './engine.mjs';
import { countByEndpoint, startEngineProxy } from './engine-trace.mjs';
import { initProject, uniqueName, writeScaleWorkloads } from './fixtures.mjs';
import { runTimed } from './proc.mjs';
import { median } from './stats.mjs';
import { toolCommands } from './runtime-bench.mjs';

const GENERATE_MILESTONES = [
  ['CLI loaded, state read', /Loaded state directory/, 'first'],
  ['workloads validated', /Validated workload/, 'last'],
  ['provisioners loaded', /resource provisioners/, 'first'],
  ['resources provisioned', /Provisioned \d+ resources/, 'first'],
  ['workloads converted', /Converting workload/, 'last'],
];

/** Median time of each generate milestone (log line arrival, ms since spawn) over `runs` fresh runs. */
async function generatePhases(cli, project, runs) {
  const seen = new Map();
  const exits = [];
  for (let i = 0; i < runs; i++) {
    project.reset();
    const r = await runTimed(process.execPath, [cli, 'generate', 'score.yaml'], { cwd: project.dir, timestamps: true });
    exits.push(r.ms);
    for (const m of milestones(r.lines, GENERATE_MILESTONES)) seen.set(m.label, [...(seen.get(m.label) ?? []), m.at]);
  }
  const marks = GENERATE_MILESTONES.filter(([label]) => seen.has(label)).map(([label]) => ({
    label,
    at: median(seen.get(label)),
  }));
  return { runs, marks: [...marks, { label: 'exit', at: median(exits) }] };
}

/**
 * CPU profiles of the cold sample generate and of one-call generates at the given sizes,
 * and the cold generate's phases.
 */
export async function diagnoseGenerate({ cli, root, sizes, phaseRuns = 7 }) {
  const cold = initProject(root, uniqueName('scbprofcold'), cli);
  const out = {
    cold: await profileRun([cli, 'generate', 'score.yaml'], { cwd: cold.dir, before: () => cold.reset() }),
    sizes: {},
  };
  out.phases = await generatePhases(cli, cold, phaseRuns);
  for (const n of sizes) {
    let files = [];
    const p = initProject(root, uniqueName(`scbprof${n}x`), cli, (dir) => {
      files = writeScaleWorkloads(dir, n);
    });
    out.sizes[n] = await profileRun([cli, 'generate', ...files], { cwd: p.dir, before: () => p.reset() });
  }
  return out;
}

/** What importing each module costs in a fresh process (ms, median of `runs`), dependencies included. */
export async function importCosts({ repo, specs, runs = 5 }) {
  const out = [];
  for (const spec of specs) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const code = `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t));`;
      const r = await runTimed(process.execPath, ['--input-type=module', '-e', code], { cwd: repo });
      times.push(Number(r.stdout));
    }
    out.push({ spec, ms: median(times) });
  }
  return out;
}

function milestones(lines, patterns) {
  const found = [];
  for (const [label, re, which] of patterns) {
    const hits = lines.filter((l) => re.test(l.line));
    const hit = which === 'last' ? hits.at(-1) : hits[0];
    if (hit) found.push({ label, at: hit.at });
  }
  return found;
}

const OUR_MILESTONES = [
  ['first log line (CLI loaded, state read)', /./, 'first'],
  ['compose file generated', /Converting workload/, 'last'],
  ['engine connected', /using the Docker engine/, 'first'],
  ['first object created', /(Created|Recreated)$/, 'first'],
  ['last container started', /(Started|Running)$/, 'last'],
  ['"is up" printed', /is up/, 'first'],
];
const COMPOSE_MILESTONES = [
  ['first progress line', /./, 'first'],
  ['first object created', /Created$/, 'first'],
  ['last container started', /Started$/, 'last'],
  ['last wait result', /(Healthy|Exited)$/, 'last'],
];

const DOWN_MILESTONES = [
  ['first output', /./, 'first'],
  ['first stop', /Stopping$/, 'first'],
  ['last removal', /Removed$/, 'last'],
];

async function traceStep(proxy, cmd, args, stack, env, patterns) {
  proxy.reset();
  const startEpoch = Date.now();
  const t0 = proxy.now();
  const r = await runTimed(cmd, args, { cwd: stack.dir, env, timestamps: true });
  const requests = proxy.requests.map((q) => ({ ...q, at: q.at - t0 }));
  const marks = milestones(r.lines, patterns);
  if (requests.length > 0)
    marks.push(
      { label: 'first engine request', at: requests[0].at },
      { label: 'last engine request', at: requests.at(-1).at },
    );
  marks.sort((a, b) => a.at - b.at);
  return { ms: r.ms, startEpoch, lines: r.lines, requests, counts: countByEndpoint(requests), milestones: marks };
}

/**
 * One traced cold up, second up and down per tool, through a counting proxy. Our CLI runs with
 * -v so its debug lines mark the phases. The stack is swept before and after each tool.
 */
export async function diagnoseRuntime({ cli, root, stack }) {
  const engine = engineAddress();
  if (engine.socketPath === undefined)
    return { skipped: `the engine is not on a unix socket (${engine.label}); no proxy` };
  const socket = join(root, 'engine-proxy.sock');
  const proxy = await startEngineProxy(socket, engine.socketPath);
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}` };
  const out = {};
  try {
    for (const tool of ['ours', 'compose']) {
      sweepProject(stack.name, stack.dir);
      const cmds = toolCommands(tool, cli, stack);
      // -v goes before the command, where the global option is read.
      const up = tool === 'ours' ? [cmds.up[0], [cli, '-v', ...cmds.up[1].slice(1)]] : cmds.up;
      const down = tool === 'ours' ? [cmds.down[0], [cli, '-v', ...cmds.down[1].slice(1)]] : cmds.down;
      const upMarks = tool === 'ours' ? OUR_MILESTONES : COMPOSE_MILESTONES;
      const cold = await traceStep(proxy, up[0], up[1], stack, env, upMarks);
      cold.services = serviceReadiness(inspectProject(stack.name)).map((s) => ({
        ...s,
        createdMs: s.createdAt - cold.startEpoch,
        startedMs: s.startedAt - cold.startEpoch,
        readyMs: s.readyAt - cold.startEpoch,
      }));
      const warm = await traceStep(proxy, up[0], up[1], stack, env, upMarks);
      const gone = await traceStep(proxy, down[0], down[1], stack, env, DOWN_MILESTONES);
      out[tool] = { cold, warm, down: gone };
    }
  } finally {
    sweepProject(stack.name, stack.dir);
    await proxy.close();
  }
  return out;
}
