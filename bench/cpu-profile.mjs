// Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums self time per module: each dist/
// file, each npm package, Node's own internals, and the garbage collector. This answers "which
// part of the code does the time go to" without a profiler UI. Frames in the CLI bundle
// (dist/cli-bundle/*.cjs, minified) are charged to the source file the bundle's source map names.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { runTimed } from './proc.mjs';

const bundleMaps = new Map();

/** The source map the build wrote beside a bundle (`<bundle>.map`), or undefined. */
function mapOfBundle(file) {
  if (!bundleMaps.has(file)) {
    let map;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined; // not there any more: everything goes to the file itself
    }
    bundleMaps.set(file, map);
  }
  return bundleMaps.get(file);
}

/** The 1-based line of a frame in its source (through the bundle's source map when it has one). */
function sourceLineOf(frame) {
  const url = (frame.url ?? '').replace(/^file:\/\//, '');
  const entry = url.endsWith('.cjs')
    ? mapOfBundle(url)?.findEntry(frame.lineNumber ?? 0, frame.columnNumber ?? 0)
    : undefined;
  return (entry?.originalLine ?? frame.lineNumber ?? 0) + 1;
}

/** Names the module a profile frame belongs to. */
export function bucketOf(frame) {
  let url = frame.url ?? '';
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (/\/dist\/cli-bundle\/[^/]+\.cjs$/.test(url)) {
    const entry = mapOfBundle(url.replace(/^file:\/\//, ''))?.findEntry(frame.lineNumber ?? 0, frame.columnNumber ?? 0);
    const source = entry?.originalSource?.replace(/^(?:[a-z]+:\/\/)?(?:\.\.\/)+/, '');
    if (source !== undefined) {
      if (source.startsWith('src/')) return source;
      url = `/${source}`;
    }
  }
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  const dist = /\/dist\/(.+)\.js$/.exec(url);
  if (dist) return `src/${dist[1]}.ts`;
  if (url.startsWith('node:')) return 'node internals (module loader, fs, …)';
  return url.replace(/^file:\/\//, '');
}

/** Self time (ms) per bucket, per function, and charged to our own calling function; largest first. */
export function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Names are minified in the bundle: its frames are labelled by their place in the sources.
  const label = (frame) => `${frame.functionName || '(anonymous)'} ${bucketOf(frame)}:${sourceLineOf(frame)}`;
  // The deepest frame of our own code on the stack: library and runtime time is charged to the caller.
  const ownCaller = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame && bucketOf(frame).startsWith('src/')) return label(frame);
    }
    return '(outside our code: start-up, module loading, GC, idle)';
  };
  const buckets = new Map();
  const functions = new Map();
  const callers = new Map();
  let total = 0;
  const add = (m, k, ms) => m.set(k, (m.get(k) ?? 0) + ms);
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame ?? { url: '', functionName: '(unknown)' };
    total += ms;
    add(buckets, bucketOf(frame), ms);
    add(functions, label(frame), ms);
    add(callers, ownCaller(id), ms);
  }
  const sorted = (m) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total, buckets: sorted(buckets), functions: sorted(functions), callers: sorted(callers) };
}

/** Runs `node --cpu-prof <args>` once and returns its summary plus the wall time. */
export async function profileRun(args, { cwd, before } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scbench-prof-'));
  try {
    await before?.();
    const r = await runTimed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { cwd });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('node wrote no .cpuprofile');
    return { wallMs: r.ms, ...summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8'))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
