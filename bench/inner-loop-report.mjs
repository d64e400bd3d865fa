// The markdown of the inner-loop benchmark: goals, save-to-served figures per change and tool,
// the container's own start time for the variable change, and the milestones of each change.

import { fmtMs, fmtRatio, fmtSpread, median } from './stats.mjs';

const START_MARKER = '<!-- bench:inner-loop:start -->';
const END_MARKER = '<!-- bench:inner-loop:end -->';

/** The rows of the figures table: which record, and what each tool does for it. */
const ROWS = [
  { key: 'content-watch', label: '(a) content of a served file', ours: '`watch`', compose: '`compose watch` (sync)' },
  {
    key: 'variable-watch',
    label: '(b) a variable',
    ours: '`watch`',
    compose: '`compose up -d` after the edit (watch cannot)',
  },
  {
    key: 'rebuild-watch',
    label: '(c) a file of a build context',
    ours: '`watch`',
    compose: '`compose watch` (rebuild)',
  },
  { key: 'content-up', label: '(d) content, no watch', ours: '`up`', compose: '`compose up -d --wait --build`' },
  { key: 'variable-up', label: '(d) variable, no watch', ours: '`up`', compose: '`compose up -d --wait`' },
];

const MILESTONES = [
  ['detected', 'watcher noticed'],
  ['firstChange', 'first engine change'],
  ['built', 'image built'],
  ['synced', 'file copied in'],
  ['created', 'new container created'],
  ['oldStopped', 'old container stopped'],
  ['startBegun', 'start begun'],
  ['started', 'started'],
];

const values = (runs, pick) => runs.map(pick).filter(Number.isFinite);
const med = (runs, pick) => median(values(runs, pick));

/** Median of the per-round ratios ours/compose (rounds are paired by index). */
function pairedRatio(ours, compose, pick) {
  const n = Math.min(ours.length, compose.length);
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const r = pick(ours[i]) / pick(compose[i]);
    if (Number.isFinite(r)) ratios.push(r);
  }
  return median(ratios);
}

function failures(runs) {
  const failed = runs.filter((r) => r.error !== undefined);
  return failed.length === 0 ? '' : ` (${failed.length} failed: ${failed[0].error.split('\n')[0].slice(0, 160)})`;
}

function goals(record) {
  const content = med(record['content-watch'].ours, (r) => r.servedMs);
  const variable = record['variable-watch'].ours;
  const served = med(variable, (r) => r.servedMs);
  const toBegun = med(variable, (r) => r.milestones?.startBegun);
  const ownFull = med(variable, (r) => r.servedMs - r.milestones?.startBegun);
  const toStarted = med(variable, (r) => r.beforeStartMs);
  const ownStrict = med(variable, (r) => r.ownStartMs);
  const ratios = ROWS.map((row) => ({
    row,
    ratio: med(record[row.key].ours, (r) => r.servedMs) / med(record[row.key].compose, (r) => r.servedMs),
  }));
  const behind = ratios.filter((s) => !(s.ratio <= 1));
  const met = (ok) => (ok ? '**met**' : '**not met**');
  const short = (row) => `${row.label.slice(0, 3)}${row.key.endsWith('-up') ? ` ${row.key.split('-')[0]}` : ''}`;
  return [
    `- A served file's new content is served in under 1 s (ours, \`watch\`): ${met(content < 1000)} (median ${fmtMs(content)} ms)`,
    `- A variable change is served in under 1 s plus the container's own start time (ours, \`watch\`), the container's start counted from when the engine begins starting it (it joins the network) to the first served request: ${met(toBegun < 1000)} (served after ${fmtMs(served)} ms: ${fmtMs(toBegun)} ms until the engine began starting the new container, then ${fmtMs(ownFull)} ms of its own start; medians of each part)`,
    `- The same, the container's start counted from its \`State.StartedAt\` (so the engine's work to start it counts against us): ${met(toStarted < 1000)} (${fmtMs(toStarted)} ms until started, then ${fmtMs(ownStrict)} ms to the first served request)`,
    `- No slower than compose for the same change (ratio of medians ≤ 1): ${met(behind.length === 0)} (${ratios.map((s) => `${short(s.row)} ${fmtRatio(s.ratio)}`).join(', ')})`,
  ];
}

function figuresTable(record) {
  const out = [
    '| change | ours | ms (min–max) | compose | ms (min–max) | ours / compose | paired |',
    '|---|---|---:|---|---:|---:|---:|',
  ];
  for (const row of ROWS) {
    const { ours, compose } = record[row.key];
    const o = med(ours, (r) => r.servedMs);
    const c = med(compose, (r) => r.servedMs);
    out.push(
      `| ${row.label} | ${row.ours}${failures(ours)} | **${fmtMs(o)}** (${fmtSpread(values(ours, (r) => r.servedMs))}) | ${row.compose}${failures(compose)} | **${fmtMs(c)}** (${fmtSpread(values(compose, (r) => r.servedMs))}) | ${fmtRatio(o / c)} | ${fmtRatio(pairedRatio(ours, compose, (r) => r.servedMs))} |`,
    );
  }
  return out.join('\n');
}

function exitTable(record) {
  const out = ['| change | ours: served / command exits | compose: served / command exits |', '|---|---:|---:|'];
  for (const row of ROWS.filter((r) => r.key.endsWith('-up') || r.key === 'variable-watch')) {
    const cell = (runs) =>
      `${fmtMs(med(runs, (r) => r.servedMs))} / ${runs.some((r) => r.exitMs !== undefined) ? fmtMs(med(runs, (r) => r.exitMs)) : '—'}`;
    out.push(`| ${row.label} | ${cell(record[row.key].ours)} | ${cell(record[row.key].compose)} |`);
  }
  return out.join('\n');
}

function ownStartTable(record) {
  const out = [
    '| change | tool | save → start begun | engine: begun → started | started → served | own start: begun → served | save → served |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const key of ['variable-watch', 'variable-up']) {
    const row = ROWS.find((r) => r.key === key);
    for (const tool of ['ours', 'compose']) {
      const runs = record[key][tool];
      const m = (pick) => fmtMs(med(runs, pick));
      out.push(
        `| ${row.label} | ${row[tool]} | ${m((r) => r.milestones?.startBegun)} | ${m((r) => r.milestones?.started - r.milestones?.startBegun)} | ${m((r) => r.ownStartMs)} | ${m((r) => r.servedMs - r.milestones?.startBegun)} | ${m((r) => r.servedMs)} |`,
      );
    }
  }
  return out.join('\n');
}

const cell = (runs, pick) => {
  const v = med(runs, pick);
  return Number.isFinite(v) ? fmtMs(v) : '—';
};

function milestoneTable(record) {
  const out = [
    `| change | tool | ${MILESTONES.map(([, label]) => label).join(' | ')} | served | command exits | also started |`,
    `|---|---|${MILESTONES.map(() => '---:').join('|')}|---:|---:|---|`,
  ];
  for (const row of ROWS) {
    for (const tool of ['ours', 'compose']) {
      const runs = record[row.key][tool];
      const others = [...new Set(runs.flatMap((r) => r.milestones?.othersStarted ?? []))].sort();
      out.push(
        `| ${row.label} | ${row[tool]} | ${MILESTONES.map(([k]) => cell(runs, (r) => r.milestones?.[k])).join(' | ')} | ${cell(runs, (r) => r.servedMs)} | ${cell(runs, (r) => r.exitMs)} | ${others.join(', ') || '—'} |`,
      );
    }
  }
  return out.join('\n');
}

const REQUESTS = [
  ['firstRequest', 'first request'],
  ['buildRequested', 'build'],
  ['copyRequested', 'copy in (archive)'],
  ['createRequested', 'create'],
  ['stopRequested', 'stop old'],
  ['startRequested', 'start new'],
];

function requestTable(record) {
  const out = [
    `| change | tool | rounds | ${REQUESTS.map(([, label]) => label).join(' | ')} | started (event) | served |`,
    `|---|---|---:|${REQUESTS.map(() => '---:').join('|')}|---:|---:|`,
  ];
  for (const row of ROWS) {
    for (const tool of ['ours', 'compose']) {
      const runs = record[row.key][tool];
      out.push(
        `| ${row.label} | ${row[tool]} | ${runs.length} | ${REQUESTS.map(([k]) => cell(runs, (r) => r.requests?.[k])).join(' | ')} | ${cell(runs, (r) => r.milestones?.started)} | ${cell(runs, (r) => r.servedMs)} |`,
      );
    }
  }
  return out.join('\n');
}

/** The generated block: machine, goals, figures, own start, milestones, request profile. */
export function innerLoopReport({
  generated,
  machine,
  load,
  cfg,
  startup,
  stopCodes,
  record,
  traceRecord,
  traceSkipped,
}) {
  const la = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    generated,
    '',
    '| | |',
    '|---|---|',
    `| machine | ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB.toFixed(1)} GiB; ${machine.os} |`,
    `| Node | ${machine.node} |`,
    `| Docker engine | ${machine.docker} |`,
    `| Docker Compose | ${machine.compose} |`,
    `| load average (1 / 5 / 15 min) at start | ${la(load.start)} |`,
    `| load average (1 min) after the watch rounds / after the up rounds / at end | ${load.phases.map((x) => x.toFixed(2)).join(' / ')} / ${load.end[0].toFixed(2)} |`,
    `| rounds | ${cfg.reps} measured (+${cfg.warmup} warm-up) per change and tool; poll every ${cfg.pollMs} ms |`,
    `| watch start-up (spawn → all three pages served) | ours ${fmtMs(startup?.ours)} ms, compose ${fmtMs(startup?.compose)} ms |`,
    `| watch exit code on Ctrl-C | ours ${stopCodes?.ours ?? 'n/a'}, compose ${stopCodes?.compose ?? 'n/a'} |`,
    '',
    '#### Goals',
    '',
    ...goals(record),
    '',
    '#### Save → new content served (median, ms)',
    '',
    figuresTable(record),
    '',
    'Where a command runs after the save, served against the command’s exit (median ms):',
    '',
    exitTable(record),
    '',
    '#### The variable change and the container’s own start (median ms)',
    '',
    ownStartTable(record),
    '',
    '#### Where the time goes (median ms since the save, from the engine’s events; — where it does not apply)',
    '',
    milestoneTable(record),
    '',
    '#### Engine requests (traced rounds, median ms since the save)',
    '',
    traceRecord === undefined
      ? `Not run: ${traceSkipped ?? 'BENCH_INNER_TRACE_REPS=0'}.`
      : `The same changes again, each tool talking to the engine through a proxy of its own that records the time of each request (so slightly slower; not part of the figures above).\n\n${requestTable(traceRecord)}`,
  ].join('\n');
}

/** `readme` with the generated block between the inner-loop markers (appended when they are missing). */
export function spliceInnerLoop(readme, generated) {
  const block = `${START_MARKER}\n${generated.trim()}\n${END_MARKER}`;
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  return start >= 0 && end > start
    ? readme.slice(0, start) + block + readme.slice(end + END_MARKER.length)
    : `${readme.trimEnd()}\n\n${block}\n`;
}
