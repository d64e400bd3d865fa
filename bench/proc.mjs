// Runs a command as a whole process and measures it: wall time from spawn to exit, and peak
// resident memory. Peak memory comes from GNU time (`/usr/bin/time -f %M`, which also sees
// grandchildren such as the compose plugin under `docker`); without it, /proc/<pid>/status VmHWM
// of the direct child is polled, which can miss very short processes.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const KEEP_OUTPUT = 256 * 1024;

function gnuTimeWorks() {
  if (!existsSync(GNU_TIME)) return false;
  return spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;
}

function aptInstallTime(log) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'time'], { env, stdio: 'ignore' }).status === 0;
  log('installing Debian package `time` for peak-memory figures');
  if (install()) return;
  // A bare machine may have no package lists yet.
  spawnSync('apt-get', ['update'], { env, stdio: 'ignore' });
  install();
}

/** Picks how peak memory is measured: 'gnu-time' (installing Debian's `time` when root) or 'proc-poll'. */
export function chooseMemoryProbe(log = () => {}) {
  if (gnuTimeWorks()) return 'gnu-time';
  if (typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get')) {
    aptInstallTime(log);
    if (gnuTimeWorks()) return 'gnu-time';
  }
  log('GNU time is not available: polling /proc/<pid>/status VmHWM instead (short processes may read low)');
  return 'proc-poll';
}

function readVmHwmKb(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the process is gone; keep the last reading
  }
}

function appendCapped(buf, chunk) {
  const next = buf + chunk;
  return next.length > KEEP_OUTPUT ? next.slice(next.length - KEEP_OUTPUT) : next;
}

/**
 * Runs `cmd args` and resolves to { ms, peakKb, code, stdout, stderr, lines }.
 * opts: cwd, env, probe ('gnu-time' | 'proc-poll' | 'none'), check (reject on a non-zero exit, default true),
 * timestamps (record when each stderr/stdout line arrived, ms since spawn, for phase breakdowns).
 */
export function runTimed(cmd, args, opts = {}) {
  const probe = opts.probe ?? 'none';
  const check = opts.check ?? true;
  const scratch = probe === 'gnu-time' ? mkdtempSync(join(tmpdir(), 'scbench-time-')) : undefined;
  const memFile = scratch === undefined ? undefined : join(scratch, 'maxrss');
  const [file, argv] = probe === 'gnu-time' ? [GNU_TIME, ['-f', '%M', '-o', memFile, cmd, ...args]] : [cmd, args];

  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const lines = [];
    const partial = { out: '', err: '' };
    const onData = (key) => (chunk) => {
      const text = chunk.toString('utf8');
      if (key === 'out') stdout = appendCapped(stdout, text);
      else stderr = appendCapped(stderr, text);
      if (!opts.timestamps) return;
      const at = since();
      const parts = (partial[key] + text).split('\n');
      partial[key] = parts.pop() ?? '';
      for (const line of parts) lines.push({ at, stream: key, line });
    };
    child.stdout.on('data', onData('out'));
    child.stderr.on('data', onData('err'));

    let polled = 0;
    const poller =
      probe === 'proc-poll'
        ? setInterval(() => {
            polled = Math.max(polled, readVmHwmKb(child.pid));
          }, 2)
        : undefined;
    if (poller !== undefined) polled = readVmHwmKb(child.pid);

    child.on('error', (err) => {
      if (poller !== undefined) clearInterval(poller);
      reject(err);
    });
    child.on('close', (code, signal) => {
      const ms = since();
      if (poller !== undefined) clearInterval(poller);
      let peakKb = probe === 'proc-poll' ? polled : Number.NaN;
      if (memFile !== undefined) {
        // GNU time prefixes "Command exited with non-zero status N" on failures: the figure is the last line.
        const text = existsSync(memFile) ? readFileSync(memFile, 'utf8').trim().split('\n').pop() : '';
        peakKb = Number(text);
        rmSync(scratch, { recursive: true, force: true });
      }
      const result = { ms, peakKb, code: code ?? -1, signal, stdout, stderr, lines };
      if (check && result.code !== 0) {
        const err = new Error(
          `${cmd} ${args.join(' ').slice(0, 200)} exited with ${signal ?? code}:\n${stderr.slice(-2000)}`,
        );
        err.result = result;
        reject(err);
      } else resolve(result);
    });
  });
}

/** Runs a command to completion without measuring it; returns { code, stdout, stderr }. */
export function runQuiet(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** On Ctrl-C or SIGTERM: says so, runs `cleanup` (the bench's projects) and exits 130. */
export function cleanUpOnSignal(cleanup, log) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      log(`\n${sig}: removing the bench's projects…`);
      cleanup();
      process.exit(130);
    });
  }
}
