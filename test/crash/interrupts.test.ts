// Stopping the real command (a child process) while a cmd:// provisioner runs a program that
// starts a child of its own (`sleep`), which holds the provisioner's pipes: Ctrl-C, Ctrl-C twice,
// and the provisioner's time limit. Each ends with the exit code the README gives, never by a
// signal, with the whole provisioner process group gone and the state lock released.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { hasStackTrace, requireBuiltCli, startCli } from '../helpers/built-cli.js';
import { goneWithin } from '../helpers/processes.js';

const eventuallyGone = (pid: number, withinMs = 5_000): Promise<boolean> => goneWithin(pid, withinMs);

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: app
containers:
  main:
    image: busybox:latest
resources:
  thing:
    type: stuck-thing
`;

/**
 * A provisioner that ignores SIGTERM, starts `sleep` (which inherits its stdout and stderr), writes
 * the sleep's pid where the test finds it, and waits for it.
 */
const STUCK = `#!/bin/sh
trap '' TERM INT
sleep 100 &
echo $! > "$PWD/sleep.pid"
echo "provisioning, password=hunter2" >&2
wait
`;

async function stuckProject(tag: string): Promise<string> {
  const dir = await tempProject(tag, {
    'score.yaml': SCORE,
    'stuck.sh': STUCK,
  });
  expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  await writeFile(
    join(dir, '.score-compose', '00-stuck.provisioners.yaml'),
    '- uri: cmd://./stuck.sh\n  type: stuck-thing\n',
  );
  await chmod(join(dir, 'stuck.sh'), 0o755);
  return dir;
}

async function sleepPid(dir: string): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const text = await readFile(join(dir, 'sleep.pid'), 'utf8').catch(() => '');
    if (text.trim() !== '') return Number(text.trim());
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the provisioner did not start');
}

describe('stopping the command while a cmd:// provisioner runs (the real command)', () => {
  beforeAll(() => requireBuiltCli());

  it('Ctrl-C: the provisioner group is stopped (SIGTERM, then SIGKILL), exit 130', async () => {
    const dir = await stuckProject('ctrlc');
    const run = startCli(dir, ['generate', 'score.yaml']);
    const pid = await sleepPid(dir);
    run.child.kill('SIGINT');
    const end = await run.done;
    expect(end.signal).toBeNull();
    expect(end.code).toBe(130);
    expect(hasStackTrace(end.stderr)).toBe(false);
    expect(end.stderr).toMatch(/^Error: .*interrupted while 'cmd:\/\/\.\/stuck\.sh' was running; it was stopped/m);
    expect(await eventuallyGone(pid)).toBe(true);
    // Its stderr is not shown without -v (it may hold secrets).
    expect(end.stderr).not.toContain('hunter2');
    // The lock is free: the next run does not wait.
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  }, 60_000);

  it('Ctrl-C twice: exit 130 at once, not death by signal, and the provisioner group goes too', async () => {
    const dir = await stuckProject('ctrlc2');
    const run = startCli(dir, ['generate', 'score.yaml']);
    const pid = await sleepPid(dir);
    run.child.kill('SIGINT');
    // Two signals sent at once may arrive as one: the second Ctrl-C comes a moment later.
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGINT');
    const started = Date.now();
    const end = await run.done;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(end.signal).toBeNull();
    expect(end.code).toBe(130);
    expect(await eventuallyGone(pid)).toBe(true);
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  }, 60_000);

  it('a provisioner whose child holds its pipes is stopped at the 60 s time limit, with the child', async () => {
    const dir = await stuckProject('timeout');
    const started = Date.now();
    const run = startCli(dir, ['generate', 'score.yaml']);
    const pid = await sleepPid(dir);
    const end = await run.done;
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(59_000);
    expect(took).toBeLessThan(75_000);
    expect(end.signal).toBeNull();
    expect(end.code).toBe(1);
    expect(hasStackTrace(end.stderr)).toBe(false);
    expect(end.stderr).toContain(
      "'cmd://./stuck.sh' did not finish within 60s and was killed, with every process it started",
    );
    expect(end.stderr).not.toContain('hunter2');
    expect(end.stderr).toContain('hint: it wrote 1 line to stderr, shown only with -v (debug)');
    expect(await eventuallyGone(pid)).toBe(true);
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  }, 120_000);
});
