import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import {
  FileTransaction,
  finishedTransactionPaths,
  recoverTransaction,
  TRANSACTION_DIR,
  type FileChange,
} from '../../../src/fs/transaction.js';

async function project(): Promise<{ dir: string; state: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'txn-'));
  const state = join(dir, '.score-compose');
  await mkdir(join(state, 'mounts'), { recursive: true });
  await writeFile(join(dir, 'compose.yaml'), 'old compose\n');
  await writeFile(join(state, 'state.yaml'), 'old state\n', { mode: 0o600 });
  await writeFile(join(state, 'mounts', 'a.conf'), 'old a\n');
  await writeFile(join(state, 'mounts', 'gone.conf'), 'to be removed\n');
  return { dir, state };
}

function changes(dir: string, state: string): FileChange[] {
  return [
    { kind: 'put', path: join(state, 'mounts', 'a.conf'), data: 'new a\n', mode: 0o644, inPlace: true, parents: true },
    {
      kind: 'put',
      path: join(state, 'mounts', 'sub', 'b.conf'),
      data: 'new b\n',
      mode: 0o644,
      inPlace: true,
      parents: true,
    },
    { kind: 'remove', path: join(state, 'mounts', 'gone.conf') },
    { kind: 'put', path: join(dir, 'compose.yaml'), data: 'new compose\n', mode: 0o644 },
    { kind: 'put', path: join(state, 'state.yaml'), data: 'new state\n', mode: 0o600 },
  ];
}

/** Every file under `dir` with its content, temp files and the journal included. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
}

const OLD = {
  'compose.yaml': 'old compose\n',
  '.score-compose/state.yaml': 'old state\n',
  '.score-compose/mounts/a.conf': 'old a\n',
  '.score-compose/mounts/gone.conf': 'to be removed\n',
};
const NEW = {
  'compose.yaml': 'new compose\n',
  '.score-compose/state.yaml': 'new state\n',
  '.score-compose/mounts/a.conf': 'new a\n',
  '.score-compose/mounts/sub/b.conf': 'new b\n',
};

describe('FileTransaction', () => {
  it('stages without changing anything, then commits every change and leaves no temp file', async () => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    const staged = await snapshot(dir);
    expect(Object.entries(staged).filter(([p]) => p in OLD)).toEqual(Object.entries(OLD));
    await tx.commit();
    expect(await snapshot(dir)).toEqual(NEW);
  });

  it('rewrites mounted files in place (a bind mount of the file sees it) and renames the rest', async () => {
    const { dir, state } = await project();
    const mountInode = (await stat(join(state, 'mounts', 'a.conf'))).ino;
    const composeInode = (await stat(join(dir, 'compose.yaml'))).ino;
    await (await FileTransaction.prepare(state, changes(dir, state))).commit();
    expect((await stat(join(state, 'mounts', 'a.conf'))).ino).toBe(mountInode);
    expect((await stat(join(dir, 'compose.yaml'))).ino).not.toBe(composeInode);
    expect((await stat(join(state, 'state.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('leaves out changes that would not alter a file', async () => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, [
      { kind: 'put', path: join(dir, 'compose.yaml'), data: 'old compose\n', mode: 0o644 },
      { kind: 'mkdir', path: join(state, 'mounts') },
      { kind: 'remove', path: join(dir, 'never-existed') },
    ]);
    expect(tx.empty).toBe(true);
    await tx.commit();
    expect(await snapshot(dir)).toEqual(OLD);
  });

  it('rolls back what was applied: old content, removed files back, new files gone', async () => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    await tx.applyUntil((target) => target.endsWith('state.yaml'));
    expect((await snapshot(dir))['compose.yaml']).toBe('new compose\n');
    await tx.rollback();
    expect(await snapshot(dir)).toEqual(OLD);
  });

  it('does nothing on rollback once committed', async () => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    await tx.commit();
    await tx.rollback();
    expect(await snapshot(dir)).toEqual(NEW);
  });

  it('keeps staged content owner-only until it is applied', async () => {
    const { dir, state } = await project();
    await FileTransaction.prepare(state, changes(dir, state));
    const temps = Object.keys(await snapshot(dir)).filter((p) => p.endsWith('.tmp'));
    expect(temps.length).toBeGreaterThan(0);
    for (const temp of temps) expect((await stat(join(dir, temp))).mode & 0o777).toBe(0o600);
  });

  it('gives every file its own mode once applied, new files as much as rewritten ones', async () => {
    const { dir, state } = await project();
    await (await FileTransaction.prepare(state, changes(dir, state))).commit();
    const mode = async (rel: string) => (await stat(join(dir, rel))).mode & 0o777;
    expect(await mode('.score-compose/mounts/sub/b.conf')).toBe(0o644); // new: staged 0600, then applied
    expect(await mode('.score-compose/mounts/a.conf')).toBe(0o644);
    expect(await mode('compose.yaml')).toBe(0o644);
    expect(await mode('.score-compose/state.yaml')).toBe(0o600);
  });

  it('takes two writes of one file by the run itself (the last one wins), but not one the user named', async () => {
    const { dir, state } = await project();
    const conf = join(state, 'mounts', 'shared.conf');
    const twice: FileChange[] = [
      { kind: 'put', path: conf, data: 'first\n', mode: 0o644, inPlace: true },
      { kind: 'put', path: conf, data: 'second\n', mode: 0o644, inPlace: true },
    ];
    await (await FileTransaction.prepare(state, twice)).commit();
    expect(await readFile(conf, 'utf8')).toBe('second\n');
    const named: FileChange[] = [
      { kind: 'put', path: join(state, 'state.yaml'), data: 'state\n', mode: 0o600, what: 'state file' },
      {
        kind: 'put',
        path: join(state, 'state.yaml'),
        data: 'compose\n',
        mode: 0o644,
        what: 'output file',
        anywhere: true,
      },
    ];
    await expect(FileTransaction.prepare(state, named)).rejects.toThrow(
      /refusing to write output file '.*state\.yaml': it is the state file this run writes as well/,
    );
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe('old compose\n');
  });

  it('names the file when a change cannot be staged', async () => {
    const { dir, state } = await project();
    const bad: FileChange = {
      kind: 'put',
      path: join(dir, 'no/such/dir/compose.yaml'),
      data: 'x',
      mode: 0o644,
      what: 'output file',
    };
    await expect(FileTransaction.prepare(state, [bad])).rejects.toThrow(
      /^failed to write output file '.*no\/such\/dir\/compose\.yaml'/,
    );
    expect(await snapshot(dir)).toEqual(OLD);
  });
});

describe('recoverTransaction (the next run after a kill)', () => {
  // A run killed after applying `applied` changes, before the commit: nothing of it may remain.
  it.each([0, 1, 2, 3, 4, 5])('rolls back a run killed after %i applied changes', async (applied) => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    let n = 0;
    await tx.applyUntil(() => n++ >= applied);
    expect(await recoverTransaction(state)).toBe('rolled back');
    expect(await snapshot(dir)).toEqual(OLD);
  });

  it('finishes a run killed after its commit marker: the new files stay, the leftovers go', async () => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    await tx.applyUntil();
    await writeFile(join(state, TRANSACTION_DIR, 'committed'), '');
    expect(await recoverTransaction(state)).toBe('completed');
    expect(await snapshot(dir)).toEqual(NEW);
  });

  // The clean-up after the marker removes the transaction directory step by step; a kill after
  // any step must leave the new files (the commit marker once went before the journal, and the
  // next run then took the committed run for an unfinished one).
  it.each([0, 1, 2, 3])('keeps a committed run killed after %i steps of removing its journal directory', async (k) => {
    const { dir, state } = await project();
    const tx = await FileTransaction.prepare(state, changes(dir, state));
    await tx.applyUntil();
    await writeFile(join(state, TRANSACTION_DIR, 'committed'), '');
    // What commit does before: the backups go (the only leftovers of this set of changes).
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
      if (entry.name.endsWith('.old')) await rm(join(entry.parentPath, entry.name));
    const steps = finishedTransactionPaths(join(state, TRANSACTION_DIR));
    expect(steps).toHaveLength(3);
    for (const path of steps.slice(0, k)) await rm(path, { recursive: true, force: true });
    await recoverTransaction(state);
    expect(await snapshot(dir)).toEqual(NEW);
  });

  it('cleans up after a kill while the journal itself was being written', async () => {
    const { dir, state } = await project();
    await mkdir(join(state, TRANSACTION_DIR));
    await writeFile(join(state, TRANSACTION_DIR, 'journal.json'), '{"entries": [');
    expect(await recoverTransaction(state)).toBe('rolled back');
    expect(await snapshot(dir)).toEqual(OLD);
  });

  it('is a no-op when no run left anything', async () => {
    const { state } = await project();
    expect(await recoverTransaction(state)).toBeUndefined();
  });
});
