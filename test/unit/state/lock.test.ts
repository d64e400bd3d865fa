import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { SCORE_K8S } from '../../../src/common/tool.js';
import { withStateLock } from '../../../src/state/lock.js';

const stateDir = () => mkdtemp(join(tmpdir(), 'lock-'));

/** A pid that belonged to a process which has exited (and so holds nothing). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('withStateLock', () => {
  it('holds .lock with its pid while the function runs, and removes it after', async () => {
    const dir = await stateDir();
    const seen = await withStateLock(dir, async () => readFile(join(dir, '.lock'), 'utf8'));
    expect(seen).toBe(String(process.pid));
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('removes the lock when the function throws', async () => {
    const dir = await stateDir();
    await expect(withStateLock(dir, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('runs two concurrent holders one after the other', async () => {
    const dir = await stateDir();
    const events: string[] = [];
    const hold = (name: string) =>
      withStateLock(dir, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 100));
        events.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(events).toHaveLength(4);
    // Whoever got in first left before the other came in.
    expect(events[1]).toBe(`${events[0]!.split(' ')[0]} out`);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await stateDir();
    await writeFile(join(dir, '.lock'), String(deadPid()));
    await expect(withStateLock(dir, async () => 'ran', { timeoutMs: 2_000 })).resolves.toBe('ran');
  });

  it('takes over an unreadable (empty) lock once it is old enough to be a leftover', async () => {
    const dir = await stateDir();
    const lock = join(dir, '.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await expect(withStateLock(dir, async () => 'ran', { timeoutMs: 2_000 })).resolves.toBe('ran');
  });

  it('leaves no temp file beside the lock', async () => {
    const dir = await stateDir();
    await withStateLock(dir, async () => undefined);
    expect(await readdir(dir)).toEqual([]);
  });

  it("removes the temp file of a run killed while taking the lock, but not a live process's", async () => {
    const dir = await stateDir();
    const dead = `.lock.${deadPid()}.0123abcd.tmp`;
    const live = `.lock.${process.pid}.89abcdef.tmp`;
    await writeFile(join(dir, dead), 'x');
    await writeFile(join(dir, live), 'x');
    await withStateLock(dir, async () => undefined);
    expect(await readdir(dir)).toEqual([live]);
  });

  it('gives up after the timeout while a live process holds the lock, naming it and the way out', async () => {
    const dir = await stateDir();
    await writeFile(join(dir, '.lock'), String(process.pid));
    const err = await withStateLock(dir, async () => 'ran', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect((err as ScoreComposeError).code).toBe('state');
    expect((err as ScoreComposeError).message).toBe(
      `the state directory is locked by another score-compose run (pid ${process.pid})`,
    );
    expect((err as ScoreComposeError).hint).toContain(join(dir, '.lock'));
    // The other holder's lock is left alone.
    expect(await readFile(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
  });

  it('asks for init when the state directory does not exist', async () => {
    const dir = join(await stateDir(), 'missing');
    await expect(withStateLock(dir, async () => 'ran')).rejects.toThrow('please run "score-compose init" first');
    // Whose state it is comes from the tool given, not from the directory's name.
    await expect(withStateLock(dir, async () => 'ran', { tool: SCORE_K8S })).rejects.toThrow(
      'please run "score-k8s init" first',
    );
  });
});
