// Processes and engine records for the inner-loop benchmark: a long-running watcher (ours
// `watch`, `docker compose watch`) whose output lines are time-stamped as they arrive, a timed
// one-off command, and the engine's own record of what happened to a project's containers and
// images (`docker events`, `docker inspect`) between a save and the new content being served.

import { spawn } from 'node:child_process';
import { runQuiet } from './proc.mjs';

// Terminal escape sequences (ESC [ ... letter), built from a string so the pattern holds no control character.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/**
 * Starts `cmd args` in `cwd` and keeps its stdout and stderr as lines with their arrival time
 * (epoch ms). `waitFor(regex, { from, timeoutMs })` resolves to the first matching line at or
 * after line index `from`; `stop()` sends SIGINT (Ctrl-C) and resolves to the exit code.
 */
export function startWatcher(cmd, args, { cwd, env = process.env } = {}) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = new Set();
  let exit;
  const partial = { out: '', err: '' };
  const onData = (key) => (chunk) => {
    const at = Date.now();
    // Compose redraws its progress with escape sequences; keep the words.
    const parts = (partial[key] + chunk.toString('utf8').replace(ANSI_ESCAPE, '')).split(/\r?\n|\r/);
    partial[key] = parts.pop() ?? '';
    for (const line of parts) lines.push({ at, line });
    for (const w of [...waiters]) w.check();
  };
  child.stdout.on('data', onData('out'));
  child.stderr.on('data', onData('err'));
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      exit = code ?? (signal === 'SIGINT' ? 130 : -1);
      for (const w of [...waiters]) w.check();
      resolve(exit);
    });
    child.on('error', () => resolve(-1));
  });

  const api = {
    pid: child.pid,
    lines,
    /** The index the next line will have: a mark for waitFor. */
    mark: () => lines.length,
    text: (from = 0) =>
      lines
        .slice(from)
        .map((l) => l.line)
        .join('\n'),
    get exitCode() {
      return exit;
    },
    waitFor(regex, { from = 0, timeoutMs = 120_000 } = {}) {
      return new Promise((resolve, reject) => {
        const w = {
          check: () => {
            const hit = lines.slice(from).find((l) => regex.test(l.line));
            if (hit !== undefined) {
              done();
              resolve(hit);
            } else if (exit !== undefined) {
              done();
              reject(new Error(`${cmd} exited (${exit}) before printing ${regex}:\n${api.text().slice(-3000)}`));
            }
          },
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${regex} from ${cmd} within ${timeoutMs} ms:\n${api.text().slice(-3000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(w);
        };
        waiters.add(w);
        w.check();
      });
    },
    /** Resolves once no output arrived for `quietMs` (or after `maxMs`). */
    async quiet(quietMs = 700, maxMs = 30_000) {
      const until = Date.now() + maxMs;
      while (Date.now() < until) {
        const last = lines.at(-1)?.at ?? 0;
        if (Date.now() - last >= quietMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(timeoutMs = 30_000) {
      if (exit !== undefined) return exit;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return api;
}

/** Runs `cmd args` in `cwd`; resolves to { code, endEpoch, stderr } when it exits. */
export function runCommand(cmd, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr = (stderr + c.toString('utf8')).slice(-20_000);
    });
    child.on('error', (err) => resolve({ code: -1, endEpoch: Date.now(), stderr: String(err) }));
    child.on('close', (code) => resolve({ code: code ?? -1, endEpoch: Date.now(), stderr }));
  });
}

const seconds = (epochMs) => (epochMs / 1000).toFixed(3);

/**
 * The engine's events between two epoch-ms instants: the project's containers (by label), its
 * default network's connects (a container's start begins with it), and image tags whose name
 * holds the project name (builds). Each is { at (epoch ms), type, action, service, id, real }.
 * Health probes (exec_*, health_status) are left out.
 */
export function engineEvents(project, sinceMs, untilMs) {
  const read = (filters) =>
    runQuiet(
      'docker',
      ['events', '--since', seconds(sinceMs), '--until', seconds(untilMs), ...filters, '--format', '{{json .}}'],
      { timeoutMs: 30_000 },
    )
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  const containers = read(['--filter', 'type=container', '--filter', `label=com.docker.compose.project=${project}`]);
  const network = read([
    '--filter',
    'type=network',
    '--filter',
    `network=${project}_default`,
    '--filter',
    'event=connect',
  ]);
  const images = read(['--filter', 'type=image', '--filter', 'event=tag']).filter((e) =>
    String(e.Actor?.Attributes?.name ?? '').includes(project),
  );
  return [...containers, ...network, ...images]
    .map((e) => ({
      at: Number(e.timeNano) / 1e6,
      type: e.Type,
      action: String(e.Action ?? e.status ?? '').split(':')[0],
      service: e.Actor?.Attributes?.['com.docker.compose.service'],
      id: e.Type === 'network' ? e.Actor?.Attributes?.container : e.Actor?.ID,
      // A service's own container, not an intermediate container of a build that inherited its labels.
      real: e.Actor?.Attributes?.['com.docker.compose.container-number'] !== undefined,
    }))
    .filter((e) => !e.action.startsWith('exec_') && e.action !== 'health_status')
    .sort((a, b) => a.at - b.at);
}

// Engine timestamps carry nanoseconds; Date.parse keeps milliseconds.
function engineTime(text) {
  if (typeof text !== 'string' || text.startsWith('0001-')) return Number.NaN;
  return Date.parse(text.replace(/(\.\d{3})\d*/, '$1'));
}

/** When the running container of a service started (epoch ms), from `docker inspect`; NaN if none runs. */
export function serviceStartedAt(project, service) {
  const ids = runQuiet('docker', [
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
  ])
    .stdout.split('\n')
    .filter(Boolean);
  if (ids.length === 0) return Number.NaN;
  const r = runQuiet('docker', ['inspect', '--format', '{{.State.StartedAt}}', ids[0]]);
  return r.code === 0 ? engineTime(r.stdout.trim()) : Number.NaN;
}

/** Removes the images a project's builds made: tagged with its name, or labelled with it (older ones left dangling). */
export function removeProjectImages(project) {
  const refs = runQuiet('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'])
    .stdout.split('\n')
    .filter((ref) => ref.startsWith(`${project}-`) || ref.startsWith(`${project}_`));
  const labelled = runQuiet('docker', ['images', '-aq', '--filter', `label=com.docker.compose.project=${project}`])
    .stdout.split('\n')
    .filter(Boolean);
  const all = [...new Set([...refs, ...labelled])];
  if (all.length > 0) runQuiet('docker', ['image', 'rm', '-f', ...all], { timeoutMs: 120_000 });
}
