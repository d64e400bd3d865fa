// The markdown of the environments benchmark: goals, start-to-ready of ours against
// testcontainers with the engine's timeline of where the time went, the two downs, and N
// environments at once against one after another. Pure: values in, text out.

import { machineRows } from './machine.mjs';
import { fmtMs, fmtRatio, fmtSpread, median } from './stats.mjs';

const START_MARKER = '<!-- bench:environments:start -->';
const END_MARKER = '<!-- bench:environments:end -->';

/**
 * What the parallel goal accepts: N at once within this share of N × one ("well under"; for four,
 * 2.5× one). Not half: on 2 cores the CPU four starts need alone sets a floor of about 2× one
 * (the floor line of the report; README findings).
 */
const PARALLEL_SHARE = 0.625;
const READY_GOAL = 0.8;

const ok = (runs) => runs.filter((r) => r.error === undefined);
const values = (runs, pick) => ok(runs).map(pick).filter(Number.isFinite);
const med = (runs, pick) => median(values(runs, pick));
const met = (yes) => (yes ? '**met**' : '**not met**');

/** Median of the per-round ratios ours/peer (rounds paired by index). */
function pairedRatio(ours, peer, pick) {
  const ratios = [];
  for (let i = 0; i < Math.min(ours.length, peer.length); i++) {
    const r = pick(ours[i]) / pick(peer[i]);
    if (Number.isFinite(r)) ratios.push(r);
  }
  return median(ratios);
}

function failures(runs) {
  const failed = runs.filter((r) => r.error !== undefined);
  return failed.length === 0 ? '' : ` ${failed.length} of ${runs.length} failed (first: ${failed[0].error}).`;
}

function machineTable(m, load) {
  return [
    ...machineRows(m),
    `| load average (1 / 5 min) at start | ${load.start[0].toFixed(2)} / ${load.start[1].toFixed(2)} |`,
    `| load average (1 min) after 6 / after 7 | ${load.phases.map((l) => l.toFixed(2)).join(' / ') || 'n/a'} |`,
    `| load average (1 / 5 min) at end | ${load.end[0].toFixed(2)} / ${load.end[1].toFixed(2)} |`,
  ].join('\n');
}

function summary(record, cfg) {
  const { ours, peer } = record.start;
  const one = med(ours, (r) => r.readyMs);
  const ready = one / med(peer, (r) => r.readyMs);
  const parallel = med(record.parallel, (r) => r.wallMs);
  const sequential = med(record.sequential, (r) => r.wallMs);
  return {
    one,
    ready,
    parallel,
    sequential,
    readyMet: ready <= READY_GOAL,
    parallelMet: parallel <= PARALLEL_SHARE * cfg.count * one,
  };
}

function goals(s, cfg) {
  const n = cfg.count;
  return [
    `- 6. start to ready ≤ ${READY_GOAL.toFixed(1)}× testcontainers' \`DockerComposeEnvironment.up()\` on the same compose file: ${met(s.readyMet)} (${fmtRatio(s.ready)})`,
    `- 7. ${n} environments at once in well under ${n} times one (taken as ≤ ${PARALLEL_SHARE * n}× one start alone): ${met(s.parallelMet)} (${n} at once ${fmtMs(s.parallel)} ms = ${fmtRatio(s.parallel / s.one)} one, ${fmtRatio(s.parallel / s.sequential)} of ${n} one after another)`,
  ];
}

function startSection(record, cfg, peer) {
  const { ours, peer: theirs } = record.start;
  const row = (label, pick, ratio = true) => {
    const a = med(ours, pick);
    const b = med(theirs, pick);
    return `| ${label} | ${fmtMs(a)} | ${fmtMs(b)} | ${ratio ? fmtRatio(a / b) : ''} |`;
  };
  const e = (key) => (r) => r.engine?.[key];
  const slowest = (runs) => ok(runs).find((r) => r.engine?.slowestService)?.engine.slowestService ?? '?';
  const warm = (side) => record.warmup[side].filter((r) => r.error === undefined).map((r) => r.readyMs);
  const lines = [
    `#### 6. Start to ready: \`startEnvironment\` against testcontainers — ${met(summary(record, cfg).readyMet)}`,
    '',
    `${cfg.reps} rounds (+${cfg.warmup} warm-up), in one process, the two alternating which starts first; each start begins with nothing of its project on the engine and is timed from the call until the promise resolves (ours: \`startEnvironment({ files: ['${cfg.score}'] })\`; testcontainers: \`new DockerComposeEnvironment(dir, 'compose.yaml').up()\`, \`Wait.forHealthCheck()\` on ${peer.healthchecked.map((s) => `\`${s.replace(/-[A-Za-z0-9]{6}$/, '-…')}\``).join(', ')} and its default, listening ports, for the rest; reaper off). The peer's compose file was generated once by the library's \`generate\` with the options startEnvironment passes (ephemeral ports, \`publishForHost\`, \`directDependencies\`: no \`wait-for-resources\`; published: ${peer.published.map((s) => `\`${s.replace(/-[A-Za-z0-9]{6}$/, '-…')}\``).join(', ')}), so both run the same ${peer.services} containers with the same published ports. Engine times are from \`docker inspect\` before the down.${failures(ours)}${failures(theirs)}`,
    '',
    '|  | ours (ms) | testcontainers (ms) | ours / testcontainers |',
    '|---|---:|---:|---:|',
    row('**start to ready** (median)', (r) => r.readyMs),
    `|   min–max | ${fmtSpread(values(ours, (r) => r.readyMs))} | ${fmtSpread(values(theirs, (r) => r.readyMs))} |  |`,
    `|   paired per-round ratio (median) |  |  | ${fmtRatio(pairedRatio(ours, theirs, (r) => r.readyMs))} |`,
    row('call → first container created', e('firstCreated')),
    row('call → last container started', e('lastStarted')),
    row('call → last service ready (engine)', e('lastReady')),
    row('last service ready → resolved', (r) => r.readyMs - r.engine?.lastReady),
    row(
      `slowest service's own readiness (start → ready; ${slowest(ours)} / ${slowest(theirs)})`,
      e('slowestOwn'),
      false,
    ),
    row('**overhead** = start to ready − slowest own readiness', (r) => r.readyMs - r.engine?.slowestOwn),
    row('machine CPU busy from call to ready (every process, ms)', (r) => r.cpuMs),
    `| first call in the process (warm-up, not counted) | ${warm('ours').map(fmtMs).join(', ') || 'n/a'} | ${warm('peer').map(fmtMs).join(', ') || 'n/a'} |  |`,
    '',
    "Each tool from its own log (medians, ms since the call; testcontainers' from its `debug` log):",
    '',
    '| ours | ms | testcontainers | ms |',
    '|---|---:|---|---:|',
    ...[
      ['first generate done', 'firstGenerate', '`docker compose up -d` spawned', 'composeUp'],
      ['second generate (in `up`) done', 'secondGenerate', '`docker compose up -d` returned', 'composeUpped'],
      ['first object created', 'firstCreated', 'containers listed', 'listed'],
      ['last container started', 'lastStarted', '', ''],
    ].map(
      ([a, ka, b, kb]) =>
        `| ${a} | ${fmtMs(med(ours, (r) => r.milestones?.[ka]))} | ${b} | ${kb ? fmtMs(med(theirs, (r) => r.milestones?.[kb])) : ''} |`,
    ),
    `| ready | ${fmtMs(med(ours, (r) => r.readyMs))} | ready (wait strategies done) | ${fmtMs(med(theirs, (r) => r.readyMs))} |`,
    '',
    "Down, timed separately (ours: `env.down()`, volumes and directory included, containers stopped with 2 s grace; testcontainers: `down()`, `docker compose down -v`, which passes no stop timeout, so compose's 10 s applies):",
    '',
    '|  | ours (ms) | testcontainers (ms) | ours / testcontainers |',
    '|---|---:|---:|---:|',
    row('down (median)', (r) => r.downMs),
    `|   min–max | ${fmtSpread(values(ours, (r) => r.downMs))} | ${fmtSpread(values(theirs, (r) => r.downMs))} |  |`,
  ];
  return lines.join('\n');
}

function severalSection(record, cfg, s, cores) {
  const n = cfg.count;
  const each = (runs) => ok(runs).flatMap((r) => r.each);
  const cpu = (runs) => fmtMs(med(runs, (r) => r.cpuMs));
  const floor = med(record.parallel, (r) => r.cpuMs) / cores;
  const lines = [
    `#### 7. ${n} environments at once against ${n} one after another — ${met(s.parallelMet)}`,
    '',
    `${cfg.parallelReps} rounds, alternating which goes first: \`Promise.all\` of ${n} \`startEnvironment\` calls, and ${n} calls each awaited before the next (the earlier ones stay up, as in a suite); all are taken down after each (untimed). "One" is the median start of 6 with nothing else running.${failures(record.parallel)}${failures(record.sequential)}`,
    '',
    '|  | wall ms (median) | min–max | × one | machine CPU busy (ms) |',
    '|---|---:|---:|---:|---:|',
    `| ${n} at once | ${fmtMs(s.parallel)} | ${fmtSpread(values(record.parallel, (r) => r.wallMs))} | ${fmtRatio(s.parallel / s.one)} | ${cpu(record.parallel)} |`,
    `| ${n} one after another | ${fmtMs(s.sequential)} | ${fmtSpread(values(record.sequential, (r) => r.wallMs))} | ${fmtRatio(s.sequential / s.one)} | ${cpu(record.sequential)} |`,
    `| one alone (6) | ${fmtMs(s.one)} | ${fmtSpread(values(record.start.ours, (r) => r.readyMs))} | 1.00× | ${cpu(record.start.ours)} |`,
    `| each start within "at once" | ${fmtMs(median(each(record.parallel)))} | ${fmtSpread(each(record.parallel))} |  |  |`,
    `| each start within "one after another" | ${fmtMs(median(each(record.sequential)))} | ${fmtSpread(each(record.sequential))} |  |  |`,
    '',
    `At once / one after another: ${fmtRatio(s.parallel / s.sequential)}; at once / one: ${fmtRatio(s.parallel / s.one)}. ` +
      `The CPU the ${n} at once keep busy, spread over the ${cores} cores, needs at least ${fmtMs(floor)} ms ` +
      `(${fmtRatio(floor / s.one)} one): ${n} at once took ${fmtRatio(s.parallel / floor)} of that floor.`,
  ];
  return lines.join('\n');
}

/** The whole generated block (without the markers). */
export function environmentsReport({ generated, machine, cfg, peer, record, load, leftovers }) {
  const s = summary(record, cfg);
  return [
    generated,
    '',
    machineTable(machine, load),
    '',
    '#### Goals',
    '',
    ...goals(s, cfg),
    '',
    startSection(record, cfg, peer),
    '',
    severalSection(record, cfg, s, machine.cores),
    '',
    `Left behind after the run (containers, networks or volumes of the bench's projects): ${leftovers.length === 0 ? 'nothing' : leftovers.join(', ')}.`,
  ].join('\n');
}

/** `readme` with the generated block between the environments markers (appended when they are missing). */
export function spliceEnvironments(readme, generated) {
  const block = `${START_MARKER}\n${generated}\n${END_MARKER}`;
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start >= 0 && end > start) return `${readme.slice(0, start)}${block}${readme.slice(end + END_MARKER.length)}`;
  return `${readme.replace(/\s*$/, '\n\n')}${block}\n`;
}
