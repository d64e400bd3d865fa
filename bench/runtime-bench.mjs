// Benchmarks 3-5 on the init sample stack (postgres + its init container, the nginx router,
// wait-for-resources and the workload): a fresh `up` to ready, a second `up` with nothing changed,
// and `down`, each with ours against `docker compose` on the very same compose file. A round runs
// the three steps for one tool on its own stack, then for the other; who goes first alternates.
// Every round ends with the project removed (`down -v`), so every cold `up` starts from nothing.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerIds, projectLeftovers, serviceReadiness, inspectProject, sweepProject } from './engine.mjs';
import { freePort, initProject, uniqueName } from './fixtures.mjs';
import { runQuiet, runTimed } from './proc.mjs';

/** The images the init sample needs when its workload image is replaced by the nginx stand-in. */
export const SAMPLE_IMAGES = ['mirror.gcr.io/postgres:17-alpine', 'mirror.gcr.io/nginx:1-alpine', 'alpine'];

/**
 * Sets up the init sample as a runnable project: the workload image (not pullable here) becomes
 * nginx, whose own command serves on port 80 until stopped; the shared router is published on a
 * free port so parallel runs on one machine cannot collide.
 */
export async function prepareSampleStack({ cli, root, prefix = 'scbup' }) {
  const name = uniqueName(prefix);
  const project = initProject(root, name, cli);
  const port = await freePort();
  const overrides = [
    '--override-property',
    'containers.hello-world.image=mirror.gcr.io/nginx:1-alpine',
    '--override-property',
    `resources.route.metadata.annotations.compose\\.score\\.dev/route-provisioner-port="${port}"`,
  ];
  const gen = runQuiet(process.execPath, [cli, 'generate', 'score.yaml', ...overrides], { cwd: project.dir });
  if (gen.code !== 0) throw new Error(`generate of the sample failed:\n${gen.stderr}`);
  return { name, dir: project.dir, port, overrides };
}

function composeHash(dir) {
  return createHash('sha256')
    .update(readFileSync(join(dir, 'compose.yaml')))
    .digest('hex');
}

/** The three commands of one tool, as argv for runTimed. */
export function toolCommands(tool, cli, stack) {
  if (tool === 'ours') {
    return {
      up: [process.execPath, [cli, 'up', 'score.yaml', ...stack.overrides]],
      down: [process.execPath, [cli, 'down']],
    };
  }
  return {
    up: ['docker', ['compose', 'up', '-d', '--wait']],
    down: ['docker', ['compose', 'down']],
  };
}

/** Ready figures of one cold `up`: wall time against the engine's own view of each container. */
function readinessOf(stack, startEpoch, wallMs) {
  const services = serviceReadiness(inspectProject(stack.name));
  const slowest = services.reduce((a, b) => (b.ownMs > (a?.ownMs ?? -1) ? b : a), undefined);
  const firstCreate = Math.min(...services.map((s) => s.createdAt));
  const lastReady = Math.max(...services.map((s) => s.readyAt));
  return {
    services,
    slowestService: slowest?.service ?? 'none',
    slowestOwnMs: slowest?.ownMs ?? Number.NaN,
    overheadMs: wallMs - (slowest?.ownMs ?? Number.NaN),
    toFirstCreateMs: firstCreate - startEpoch,
    afterLastReadyMs: startEpoch + wallMs - lastReady,
  };
}

async function oneRound(tool, { cli, stack, probe, log }) {
  const cmds = toolCommands(tool, cli, stack);
  if (projectLeftovers(stack.name) > 0) sweepProject(stack.name, stack.dir);
  const opts = { cwd: stack.dir, probe };

  const startEpoch = Date.now();
  const cold = await runTimed(...cmds.up, opts);
  const ready = readinessOf(stack, startEpoch, cold.ms);
  const before = containerIds(stack.name);

  const warm = await runTimed(...cmds.up, opts);
  const after = containerIds(stack.name);
  const recreated = Object.keys(before).filter((s) => after[s] !== before[s]);

  const down = await runTimed(...cmds.down, opts);
  const leftContainers = inspectProject(stack.name).length;
  sweepProject(stack.name, stack.dir);
  log(
    `  ${tool}: up ${Math.round(cold.ms)} ms (slowest own ${Math.round(ready.slowestOwnMs)} ms, ${ready.slowestService}), again ${Math.round(warm.ms)} ms, down ${Math.round(down.ms)} ms`,
  );
  return {
    cold: { ms: cold.ms, peakKb: cold.peakKb, ...ready },
    warm: { ms: warm.ms, peakKb: warm.peakKb, recreated },
    down: { ms: down.ms, peakKb: down.peakKb, leftContainers },
  };
}

/** Runs benchmarks 3-5; the caller owns cleanup of `stack` on failure (sweepProject). */
export async function benchRuntime({ cli, stack, probe, reps, warmup, log }) {
  const hash = composeHash(stack.dir);
  const rounds = { ours: [], compose: [] };
  for (let round = 0; round < warmup + reps; round++) {
    const order = round % 2 === 0 ? ['ours', 'compose'] : ['compose', 'ours'];
    log(round < warmup ? `  warm-up round ${round + 1}/${warmup}` : `  round ${round + 1 - warmup}/${reps}`);
    for (const tool of order) {
      const r = await oneRound(tool, { cli, stack, probe, log });
      if (round >= warmup) rounds[tool].push(r);
    }
  }
  return { reps, warmup, project: stack.name, composeUnchanged: composeHash(stack.dir) === hash, rounds };
}
