// How a cmd:// provisioner program is stopped: the whole process group at the time limit, on an
// abort, and what it leaves behind holding its output once it exited.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunCommandOptions } from '../../../src/provisioners/cmd/run-command.js';
import { alive, goneWithin } from '../../helpers/processes.js';

const posix = process.platform !== 'win32';

const gone = (pid: number, withinMs = 2_000): Promise<boolean> => goneWithin(pid, withinMs);

describe.runIf(posix)('runCommand', () => {
  let dir = '';
  const strays: number[] = [];
  const pidFile = () => join(dir, `pid-${strays.length}-${Date.now()}`);
  const sh = (script: string, extra: Partial<RunCommandOptions> = {}) =>
    runCommand('/bin/sh', ['-c', script], {
      stdin: '{}',
      cwd: dir,
      env: { PATH: process.env.PATH },
      timeoutMs: 30_000,
      onStderr: () => {},
      ...extra,
    });
  const pidIn = async (file: string) => {
    const pid = Number((await readFile(file, 'utf8')).trim());
    strays.push(pid);
    return pid;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sct-run-'));
  });
  afterEach(() => {
    for (const pid of strays.splice(0))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
  });

  it('kills the whole group at the time limit: a child holding the pipes does not keep it waiting', async () => {
    const file = pidFile();
    const started = Date.now();
    // The shell waits for `sleep`, which holds stdout and stderr: killing the shell alone would not end the run.
    const result = await sh(`sleep 100 & echo $! > ${file}; wait`, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(await gone(await pidIn(file))).toBe(true);
  });

  it('an abort stops the group (SIGTERM, then SIGKILL for one that ignores it)', async () => {
    const file = pidFile();
    const controller = new AbortController();
    const started = Date.now();
    const running = sh(`trap '' TERM; sleep 100 & echo $! > ${file}; wait`, {
      signal: controller.signal,
      termGraceMs: 200,
    });
    setTimeout(() => controller.abort(), 300);
    const result = await running;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.aborted).toBe(true);
    expect(await gone(await pidIn(file))).toBe(true);
  });

  it('keeps the output of a program that exited, and stops what it left holding its output', async () => {
    const file = pidFile();
    const started = Date.now();
    const result = await sh(`sleep 100 & echo $! > ${file}; echo '{"ok":1}'`, { exitGraceMs: 200 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ code: 0, leftovers: true, timedOut: false });
    expect(result.stdout.toString()).toBe('{"ok":1}\n');
    expect(await gone(await pidIn(file))).toBe(true);
  });

  it('leaves alone what it started with its output redirected (a daemon)', async () => {
    const file = pidFile();
    const result = await sh(`sleep 100 >/dev/null 2>&1 & echo $! > ${file}; echo '{}'`, { exitGraceMs: 200 });
    expect(result).toMatchObject({ code: 0, leftovers: false });
    expect(alive(await pidIn(file))).toBe(true);
  });

  it('does not wait for a process that left the group (setsid) and holds the pipes', async () => {
    const file = pidFile();
    const started = Date.now();
    const result = await sh(`setsid sleep 100 & echo $! > ${file}; echo '{}'`, { exitGraceMs: 200 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ code: 0, leftovers: true });
    expect(result.stdout.toString()).toBe('{}\n');
    await pidIn(file); // killed by afterEach: it is out of our reach by design
  });

  it('passes stderr on line by line and counts the lines', async () => {
    const lines: string[] = [];
    const result = await sh(`printf 'a\\nb\\npartial' >&2; echo '{}'`, { onStderr: (l) => lines.push(l) });
    expect(lines).toEqual(['a', 'b', 'partial']);
    expect(result.stderrLines).toBe(3);
  });

  it('stops a program that writes more than the output limit to stdout, with its group', async () => {
    const file = pidFile();
    const result = await sh(`sleep 100 & echo $! > ${file}; yes`, { maxOutputBytes: 64 * 1024 });
    expect(result).toMatchObject({ tooMuchOutput: true, timedOut: false });
    expect(result.stdout.byteLength).toBeLessThanOrEqual(64 * 1024);
    expect(await gone(await pidIn(file))).toBe(true);
  });

  it('stops a program that writes one endless line to stderr', async () => {
    const result = await sh(`yes | tr -d '\\n' >&2`, { maxOutputBytes: 64 * 1024 });
    expect(result).toMatchObject({ tooMuchOutput: true, stderrLines: 0 });
  });

  it('keeps output up to the limit', async () => {
    const result = await sh('head -c 1000 /dev/zero', { maxOutputBytes: 1000 });
    expect(result).toMatchObject({ tooMuchOutput: false, code: 0 });
    expect(result.stdout.byteLength).toBe(1000);
  });
});
