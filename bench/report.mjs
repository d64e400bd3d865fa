// Turns the bench results into the Markdown that goes between the README markers, and judges
// every goal. Pure: values in, text out (the README splice is the only IO, at the end).

import { readFileSync, writeFileSync } from 'node:fs';
import { fmtMiB, fmtMs, fmtRatio, fmtSpread, median } from './stats.mjs';

export const START_MARKER = '<!-- bench:results:start -->';
export const END_MARKER = '<!-- bench:results:end -->';

const ms = (xs) => xs.map((x) => x.ms);
const kb = (xs) => xs.map((x) => x.peakKb);
const verdict = (ok) => (ok ? '**met**' : '**not met**');

function table(head, rows) {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Per-round ratios a/b of paired samples, and their median. */
function pairedRatio(a, b) {
  const n = Math.min(a.length, b.length);
  return median(Array.from({ length: n }, (_, i) => a[i] / b[i]));
}

/** Judges goal 1 and renders its table. */
export function coldSection(cold) {
  const { generate, floor, load, validate, generateGo } = cold.samples;
  const ratio = median(ms(generate)) / median(ms(floor));
  const goal = { id: 1, text: 'generate (cold) ≤ 2.0× `node -e 0`', met: ratio <= 2.0, figure: fmtRatio(ratio) };
  const row = (label, xs) => [
    label,
    fmtMs(median(ms(xs))),
    fmtSpread(ms(xs)),
    fmtMiB(median(kb(xs))),
    fmtRatio(median(ms(xs)) / median(ms(floor))),
  ];
  const text = [
    `### 1. Generate, cold — ${verdict(goal.met)} (${fmtRatio(ratio)} the floor; goal ≤ 2.00×)`,
    '',
    `${cold.reps} rounds (+${cold.warmup} warm-up), each a fresh process; before every \`generate\` the project is reset to its post-\`init\` state.`,
    '',
    table(
      ['command', 'median ms', 'min–max ms', 'peak RSS MiB', '× floor'],
      [
        row('`score-compose generate score.yaml` (init sample)', generate),
        row('`node -e 0` (floor)', floor),
        row('`score-compose --version` (CLI modules loaded, no work)', load),
        ...(validate === undefined ? [] : [row('`score-compose validate score.yaml` (nothing written)', validate)]),
        ...(generateGo === undefined
          ? []
          : [row('the same `generate`, its dns provisioner a Go template (the Go engine loaded)', generateGo)]),
      ],
    ),
    '',
    `Paired per-round ratio generate/floor: median ${fmtRatio(pairedRatio(ms(generate), ms(floor)))}. ` +
      `Split of the median: start Node ${fmtMs(median(ms(floor)))} ms, load the CLI's modules ${fmtMs(median(ms(load)) - median(ms(floor)))} ms, ` +
      `the generate itself ${fmtMs(median(ms(generate)) - median(ms(load)))} ms.`,
  ];
  return { goal, text: text.join('\n') };
}

/** Judges goal 2 (linear; the largest size under 3 s when it is 500) and renders its table. */
export function scaleSection(scale) {
  const floorMs = median(ms(scale.samples.floor));
  const med = scale.sizes.map((n) => ({
    n,
    ms: median(ms(scale.samples[String(n)])),
    kb: median(kb(scale.samples[String(n)])),
  }));
  const rows = med.map((m, i) => {
    const prev = med[i - 1];
    const marginal = prev ? (m.ms - prev.ms) / (m.n - prev.n) : Number.NaN;
    return [
      String(m.n),
      String(3 * m.n),
      fmtMs(m.ms),
      fmtSpread(ms(scale.samples[String(m.n)])),
      fmtMiB(m.kb),
      fmtMs(m.ms / m.n),
      fmtMs((m.ms - floorMs) / m.n),
      prev ? fmtMs(marginal) : '—',
    ];
  });
  const first = med.length >= 3 ? (med[1].ms - med[0].ms) / (med[1].n - med[0].n) : Number.NaN;
  const last = med.length >= 3 ? (med.at(-1).ms - med.at(-2).ms) / (med.at(-1).n - med.at(-2).n) : Number.NaN;
  const growth = last / first;
  // A negative marginal cost is noise (a bigger run measured faster): not evidence either way.
  const linear = Number.isFinite(growth) && growth > 0 && growth <= 1.5;
  const biggest = med.at(-1);
  const fast = biggest !== undefined && biggest.n >= 500 ? biggest.ms < 3000 : undefined;
  const met = linear && fast !== false;
  const goal = {
    id: 2,
    text: 'generate scales linearly; 500 workloads < 3 s',
    met,
    figure: `${biggest ? `${biggest.n} workloads ${fmtMs(biggest.ms)} ms` : 'n/a'}, marginal cost ×${Number.isFinite(growth) ? growth.toFixed(2) : 'n/a'}`,
  };
  const text = [
    `### 2. Generate, scaling — ${verdict(met)}`,
    '',
    `One \`generate\` call with every workload file; each workload has a volume, a dns and a postgres (even) or redis (odd) resource, ` +
      `a service port and the resource outputs in its variables. ${scale.reps} rounds (+${scale.warmup} warm-up); \`node -e 0\` ran in the same rounds (median ${fmtMs(floorMs)} ms).`,
    '',
    table(
      [
        'workloads',
        'resources',
        'median ms',
        'min–max ms',
        'peak RSS MiB',
        'ms / workload',
        'ms / workload net of floor',
        'marginal ms / workload',
      ],
      rows,
    ),
    '',
    `Linearity: the marginal cost per added workload between the last two sizes is ${fmtRatio(growth)} that between the first two ` +
      `(linear would be ≈ 1×; judged linear up to 1.5×) — ${linear ? 'linear' : growth > 0 ? 'not linear' : 'inconclusive, the runs are too noisy'}.` +
      (fast === undefined
        ? ''
        : ` 500 workloads: ${fmtMs(biggest.ms)} ms (goal < 3000 ms) — ${fast ? 'met' : 'not met'}.`),
  ];
  return { goal, text: text.join('\n') };
}

function perTool(rounds, step, field) {
  return rounds.map((r) => r[step][field]);
}

/** Judges goals 3-5 and renders their tables. */
export function runtimeSections(rt) {
  const { ours, compose } = rt.rounds;
  const m = (tool, step, field = 'ms') => median(perTool(tool, step, field));
  const pair = (step) => pairedRatio(perTool(ours, step, 'ms'), perTool(compose, step, 'ms'));

  const upRatio = m(ours, 'cold') / m(compose, 'cold');
  const g3 = {
    id: 3,
    text: 'up to ready ≤ 1.0× `docker compose up -d --wait`',
    met: upRatio <= 1.0,
    figure: fmtRatio(upRatio),
  };
  const slowest = (tool) => {
    const names = perTool(tool, 'cold', 'slowestService');
    return [...new Set(names)].join(', ');
  };
  const upRows = [
    ['wall time, command to every service ready', fmtMs(m(ours, 'cold')), fmtMs(m(compose, 'cold')), fmtRatio(upRatio)],
    ['  min–max', fmtSpread(perTool(ours, 'cold', 'ms')), fmtSpread(perTool(compose, 'cold', 'ms')), ''],
    [
      `slowest service's own readiness (container start → ready; ${slowest(ours)} / ${slowest(compose)})`,
      fmtMs(m(ours, 'cold', 'slowestOwnMs')),
      fmtMs(m(compose, 'cold', 'slowestOwnMs')),
      '',
    ],
    [
      '**overhead** = wall − slowest own readiness',
      fmtMs(m(ours, 'cold', 'overheadMs')),
      fmtMs(m(compose, 'cold', 'overheadMs')),
      fmtRatio(m(ours, 'cold', 'overheadMs') / m(compose, 'cold', 'overheadMs')),
    ],
    [
      'command start → first container created',
      fmtMs(m(ours, 'cold', 'toFirstCreateMs')),
      fmtMs(m(compose, 'cold', 'toFirstCreateMs')),
      '',
    ],
    [
      'last service ready → command exit',
      fmtMs(m(ours, 'cold', 'afterLastReadyMs')),
      fmtMs(m(compose, 'cold', 'afterLastReadyMs')),
      '',
    ],
    ['peak RSS MiB', fmtMiB(m(ours, 'cold', 'peakKb')), fmtMiB(m(compose, 'cold', 'peakKb')), ''],
  ];

  const warmOurs = m(ours, 'warm');
  const warmRatio = warmOurs / m(compose, 'warm');
  const g4 = {
    id: 4,
    text: 'second up, nothing changed: < 0.5 s and faster than compose',
    met: warmOurs < 500 && warmRatio < 1.0,
    figure: `${fmtMs(warmOurs)} ms, ${fmtRatio(warmRatio)}`,
  };
  const recreated = (tool) => [...new Set(tool.flatMap((r) => r.warm.recreated))];
  const downRatio = m(ours, 'down') / m(compose, 'down');
  const g5 = {
    id: 5,
    text: 'down not slower than `docker compose down`',
    met: downRatio <= 1.0,
    figure: fmtRatio(downRatio),
  };
  const step = (label, s) => [
    [label, fmtMs(m(ours, s)), fmtMs(m(compose, s)), fmtRatio(m(ours, s) / m(compose, s))],
    ['  min–max', fmtSpread(perTool(ours, s, 'ms')), fmtSpread(perTool(compose, s, 'ms')), ''],
    ['  paired per-round ratio (median)', '', '', fmtRatio(pair(s))],
    ['  peak RSS MiB', fmtMiB(m(ours, s, 'peakKb')), fmtMiB(m(compose, s, 'peakKb')), ''],
  ];
  const head = ['', 'score-compose (ms)', 'docker compose (ms)', 'ours / compose'];
  const text = [
    `### 3. Up, to ready — ${verdict(g3.met)} (${fmtRatio(upRatio)}; goal ≤ 1.00×)`,
    '',
    `${rt.reps} rounds (+${rt.warmup} warm-up), tools alternating which goes first; every cold \`up\` starts with no container, network or volume of the project. ` +
      `Ours is \`score-compose up score.yaml <overrides>\` (it regenerates the compose file, then converges); the peer is \`docker compose up -d --wait\` on that same file` +
      `${rt.composeUnchanged ? ' (byte-identical across all runs)' : ' (**the compose file changed between runs**)'}.`,
    '',
    table(head, [...upRows, ['  paired per-round ratio (median)', '', '', fmtRatio(pair('cold'))]]),
    '',
    `### 4. Up, nothing changed — ${verdict(g4.met)} (${fmtMs(warmOurs)} ms, ${fmtRatio(warmRatio)}; goal < 500 ms and < 1.00×)`,
    '',
    "A second `up` right after the cold one, on the stack the same tool brought up (the two tools do not take each other's containers as up to date, see the findings).",
    '',
    table(head, step('wall time', 'warm')),
    '',
    `Containers recreated by the second up: ours ${recreated(ours).join(', ') || 'none'}; compose ${recreated(compose).join(', ') || 'none'}.`,
    '',
    `### 5. Down — ${verdict(g5.met)} (${fmtRatio(downRatio)}; goal ≤ 1.00×)`,
    '',
    '`score-compose down` against `docker compose down` (neither removes volumes; the bench removes them afterwards, untimed), each on the stack its own tool brought up.',
    '',
    table(head, step('wall time', 'down')),
  ];
  return { goals: [g3, g4, g5], text: text.join('\n') };
}

function topTable(entries, limit, head) {
  return table(
    head,
    entries.slice(0, limit).map((e) => [`\`${e.name}\``, fmtMs(e.ms)]),
  );
}

/** Renders the generate diagnostics: profile tables and growth between two sizes. */
export function generateDiagnostics(diag) {
  const out = ['### Where generate spends its time', ''];
  if (diag.phases) {
    let prev = 0;
    const rows = diag.phases.marks.map((mm) => {
      const row = [mm.label, fmtMs(mm.at), fmtMs(mm.at - prev)];
      prev = mm.at;
      return row;
    });
    out.push(
      `Phases of the cold sample \`generate\`: when each INFO line reached the harness, median of ${diag.phases.runs} runs (ms since spawn; the first line comes after Node started, the CLI's modules loaded and the state was read):`,
      '',
    );
    out.push(table(['milestone', 'at ms', 'phase ms'], rows), '');
  }
  const c = diag.cold;
  out.push(
    `V8 CPU profile of one cold sample \`generate\` (\`node --cpu-prof\`, ${fmtMs(c.wallMs)} ms wall under the profiler, ${fmtMs(c.totalMs)} ms sampled). ` +
      'Self time by module, and all time (library and runtime included) charged to the deepest function of our own code on the stack:',
    '',
  );
  out.push(
    topTable(c.buckets, 10, ['module (self time)', 'ms']),
    '',
    topTable(c.callers, 12, ['our function (incl. library calls)', 'ms']),
    '',
  );
  const sizes = Object.keys(diag.sizes)
    .map(Number)
    .sort((a, b) => a - b);
  if (sizes.length >= 2) {
    const [a, b] = [sizes[0], sizes.at(-1)];
    const pa = diag.sizes[a];
    const pb = diag.sizes[b];
    const lookup = new Map(pa.callers.map((e) => [e.name, e.ms]));
    const rows = pb.callers.slice(0, 14).map((e) => {
      const before = lookup.get(e.name) ?? 0;
      return [`\`${e.name}\``, fmtMs(before), fmtMs(e.ms), before > 0 ? `${(e.ms / before).toFixed(1)}×` : '—'];
    });
    out.push(
      `Profiles of the scaling generate at ${a} and ${b} workloads (${fmtMs(pa.wallMs)} / ${fmtMs(pb.wallMs)} ms wall under the profiler). ` +
        `Linear parts grow ${(b / a).toFixed(1)}×; parts growing much faster are quadratic:`,
      '',
    );
    out.push(table(['our function (incl. library calls)', `${a} wl ms`, `${b} wl ms`, 'growth'], rows), '');
  }
  return out.join('\n');
}

/** Renders the import-cost table. */
export function importDiagnostics(costs) {
  return [
    '### What loading modules costs',
    '',
    "`await import(x)` timed inside a fresh `node` process (median of 5; a module's own dependencies included, so rows overlap):",
    '',
    table(
      ['module', 'ms'],
      costs.map((c) => [`\`${c.spec}\``, fmtMs(c.ms)]),
    ),
  ].join('\n');
}

function requestTable(trace) {
  const steps = [
    ['cold up', 'cold'],
    ['second up', 'warm'],
    ['down', 'down'],
  ];
  const keys = new Set();
  for (const tool of ['ours', 'compose'])
    for (const [, s] of steps) for (const c of trace[tool][s].counts) keys.add(c.key);
  const count = (tool, s, key) => trace[tool][s].counts.find((c) => c.key === key)?.count ?? 0;
  const total = (tool, s) => trace[tool][s].requests.length;
  const rows = [['**total**', ...steps.flatMap(([, s]) => [String(total('ours', s)), String(total('compose', s))])]];
  const sorted = [...keys].sort(
    (x, y) =>
      steps.reduce((n, [, s]) => n + count('ours', s, y) + count('compose', s, y), 0) -
      steps.reduce((n, [, s]) => n + count('ours', s, x) + count('compose', s, x), 0),
  );
  for (const key of sorted)
    rows.push([
      `\`${key}\``,
      ...steps.flatMap(([, s]) => [String(count('ours', s, key)), String(count('compose', s, key))]),
    ]);
  return table(['engine request', ...steps.flatMap(([label]) => [`${label}: ours`, `${label}: compose`])], rows);
}

/** Renders the runtime diagnostics: phases, per-service engine timeline, request counts. */
export function runtimeDiagnostics(trace) {
  if (trace.skipped) return `### Where up and down spend their time\n\nNot traced: ${trace.skipped}.`;
  const out = ['### Where up and down spend their time', ''];
  out.push(
    'One traced round per tool, through a counting proxy on the Docker socket (so slightly slower than the timed runs); ours with `-v`. ' +
      'Times are ms since the command started.',
    '',
  );
  const phases = (tool, step) =>
    trace[tool][step].milestones.map((mm) => `${mm.label} ${fmtMs(mm.at)}`).join(' → ') +
    ` → exit ${fmtMs(trace[tool][step].ms)}`;
  out.push(`- ours, cold up: ${phases('ours', 'cold')}`);
  out.push(`- compose, cold up: ${phases('compose', 'cold')}`);
  out.push(`- ours, second up: ${phases('ours', 'warm')}`);
  out.push(`- compose, second up: ${phases('compose', 'warm')}`);
  out.push(`- ours, down: ${phases('ours', 'down')}`);
  out.push(`- compose, down: ${phases('compose', 'down')}`, '');
  const services = [
    ...new Set([...trace.ours.cold.services, ...trace.compose.cold.services].map((s) => s.service)),
  ].sort();
  const at = (tool, svc) => trace[tool].cold.services.find((s) => s.service === svc);
  out.push(
    'Engine timeline of the cold up (from `docker inspect`: created → started → ready, ready being the first passing health probe, the exit of a one-shot, or the start):',
    '',
  );
  out.push(
    table(
      ['service', 'ours: created', 'started', 'ready', 'compose: created', 'started', 'ready'],
      services.map((svc) => {
        const o = at('ours', svc);
        const c = at('compose', svc);
        const cells = (s) => (s ? [fmtMs(s.createdMs), fmtMs(s.startedMs), fmtMs(s.readyMs)] : ['—', '—', '—']);
        return [`\`${svc}\``, ...cells(o), ...cells(c)];
      }),
    ),
    '',
  );
  out.push('Engine requests per step:', '', requestTable(trace));
  return out.join('\n');
}

/** Replaces the text between the markers of `readmePath` (appending the markers when missing). */
export function spliceReadme(readmePath, generated) {
  let text;
  try {
    text = readFileSync(readmePath, 'utf8');
  } catch {
    text = '# Benchmarks\n';
  }
  const block = `${START_MARKER}\n${generated.trim()}\n${END_MARKER}`;
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END_MARKER.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(readmePath, next);
}
