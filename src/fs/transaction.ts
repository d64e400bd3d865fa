// A set of file changes that become visible together, or not at all: what `generate` and `up`
// write (mounted files, provisioner file operations, the compose and env files, the state).
//
// Every change is staged first (new content in a temp file beside its target) and listed in a
// journal. Applying a change keeps what it replaces as a backup. A marker file makes the whole
// set committed; until it exists, `recoverTransaction` (run by the next holder of the state
// lock) undoes whatever was applied, so a failed or killed run leaves the previous files, and
// after the marker it only removes the leftovers. Files under `.score-compose/mounts` are written
// in place (same inode), so a container that bind-mounts one file sees the new content.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ScoreComposeError, userError } from '../common/errors.js';

/** Where a transaction keeps its journal, relative to the state directory. */
export const TRANSACTION_DIR = '.txn';
const JOURNAL = 'journal.json';
const COMMITTED = 'committed';

type PutEntry = {
  kind: 'put';
  target: string;
  staged: string;
  backup: string;
  mode: number;
  /** Rewrite the existing file's content instead of renaming a new file over it. */
  inPlace: boolean;
  /** Create missing parent directories (else a missing directory is an error). */
  parents: boolean;
  existed: boolean;
};
type RemoveEntry = { kind: 'remove'; target: string; backup: string };
type MkdirEntry = { kind: 'mkdir'; target: string; existed: boolean };
type Entry = PutEntry | RemoveEntry | MkdirEntry;

interface Journal {
  entries: Entry[];
}

/** One change, as callers describe it; `what` names the file in an error (`output file`, ...). */
export type FileChange =
  | {
      kind: 'put';
      path: string;
      data: string | Uint8Array;
      mode: number;
      inPlace?: boolean;
      parents?: boolean;
      what?: string;
    }
  | { kind: 'remove'; path: string }
  | { kind: 'mkdir'; path: string };

function writeError(what: string, path: string, err: unknown): ScoreComposeError {
  return userError('io', `failed to write ${what} '${path}': ${(err as Error).message}`, {
    hint: 'check that the directory exists and is writable',
    cause: err,
  });
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function sameContent(path: string, data: Uint8Array, mode: number): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size !== data.byteLength || (info.mode & 0o777) !== mode) return false;
  return Buffer.compare(await readFile(path), data) === 0;
}

async function writeDurably(path: string, data: Uint8Array, mode: number): Promise<void> {
  const handle = await open(path, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes `backup` a complete copy of `target` (or nothing): copied under a temp name, then renamed. */
async function backUp(target: string, backup: string, byLink: boolean): Promise<void> {
  if (await exists(backup)) return;
  const partial = `${backup}.partial`;
  await rm(partial, { force: true });
  if (byLink) await link(target, partial);
  else await copyFile(target, partial, constants.COPYFILE_FICLONE);
  await rename(partial, backup);
}

/** Copies `source`'s bytes into `target` without replacing the file (its inode stays). */
async function rewriteInPlace(target: string, source: string, mode: number): Promise<void> {
  const data = await readFile(source);
  const handle = await open(target, 'r+');
  try {
    await handle.truncate(0);
    await handle.write(data, 0, data.byteLength, 0);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function applyEntry(entry: Entry): Promise<void> {
  if (entry.kind === 'mkdir') {
    if (!entry.existed) await mkdir(entry.target, { recursive: true, mode: 0o755 });
    return;
  }
  if (entry.kind === 'remove') {
    if (await exists(entry.target)) await rename(entry.target, entry.backup);
    return;
  }
  if (entry.parents) await mkdir(dirname(entry.target), { recursive: true, mode: 0o755 });
  if (entry.existed && (await exists(entry.target))) await backUp(entry.target, entry.backup, !entry.inPlace);
  if (entry.inPlace && entry.existed && (await exists(entry.target))) {
    await rewriteInPlace(entry.target, entry.staged, entry.mode);
    await rm(entry.staged, { force: true });
  } else {
    await rename(entry.staged, entry.target);
  }
}

async function undoEntry(entry: Entry): Promise<void> {
  if (entry.kind === 'mkdir') {
    if (!entry.existed) await rm(entry.target, { recursive: true, force: true });
    return;
  }
  if (entry.kind === 'remove') {
    if (await exists(entry.backup)) {
      await rm(entry.target, { recursive: true, force: true });
      await rename(entry.backup, entry.target);
    }
    return;
  }
  await rm(entry.staged, { force: true });
  await rm(`${entry.backup}.partial`, { force: true });
  if (await exists(entry.backup)) {
    if (entry.inPlace && (await exists(entry.target))) {
      await rewriteInPlace(entry.target, entry.backup, (await lstat(entry.backup)).mode & 0o777);
      await rm(entry.backup, { force: true });
    } else {
      await rename(entry.backup, entry.target);
    }
  } else if (!entry.existed) {
    await rm(entry.target, { force: true });
  }
}

async function cleanUp(entry: Entry): Promise<void> {
  if (entry.kind === 'mkdir') return;
  await rm(entry.backup, { recursive: true, force: true });
  if (entry.kind === 'put') {
    await rm(entry.staged, { force: true });
    await rm(`${entry.backup}.partial`, { force: true });
  }
}

async function readJournal(dir: string): Promise<Journal | undefined> {
  const text = await readFile(join(dir, JOURNAL), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Journal;
  } catch {
    // A journal cut short by a kill: nothing was staged or applied after it.
    return { entries: [] };
  }
}

/**
 * Finishes a transaction an earlier run left behind: rolls it back unless it was committed,
 * then removes every temp file and backup. Returns what it did, or undefined when there was none.
 * Must run under the state lock.
 */
export async function recoverTransaction(stateDir: string): Promise<'rolled back' | 'completed' | undefined> {
  const dir = join(stateDir, TRANSACTION_DIR);
  if (!(await exists(dir))) return undefined;
  const journal = (await readJournal(dir)) ?? { entries: [] };
  const committed = await exists(join(dir, COMMITTED));
  if (!committed) for (const entry of [...journal.entries].reverse()) await undoEntry(entry);
  for (const entry of journal.entries) await cleanUp(entry);
  await rm(dir, { recursive: true, force: true });
  return committed ? 'completed' : 'rolled back';
}

/** A staged set of changes; see the module comment. */
export class FileTransaction {
  private applied = 0;
  private done = false;

  private constructor(
    private readonly dir: string,
    private readonly entries: Entry[],
  ) {}

  /**
   * Stages `changes` (a change that would not alter the file is left out) and writes the
   * journal. `stateDir` holds the journal; the caller holds the state lock.
   */
  static async prepare(stateDir: string, changes: readonly FileChange[]): Promise<FileTransaction> {
    const dir = join(stateDir, TRANSACTION_DIR);
    await recoverTransaction(stateDir);
    const id = randomBytes(4).toString('hex');
    const entries: Entry[] = [];
    const data = new Map<string, Uint8Array>();
    const whats = new Map<string, string>();
    for (const [i, change] of changes.entries()) {
      const target = change.path;
      const temp = (what: string) => join(dirname(target), `.${basename(target)}.${id}-${i}.${what}`);
      if (change.kind === 'mkdir') {
        if (!(await exists(target))) entries.push({ kind: 'mkdir', target, existed: false });
        continue;
      }
      if (change.kind === 'remove') {
        if (await exists(target)) entries.push({ kind: 'remove', target, backup: temp('old') });
        continue;
      }
      const bytes = typeof change.data === 'string' ? Buffer.from(change.data) : change.data;
      if (await sameContent(target, bytes, change.mode)) continue;
      whats.set(temp('tmp'), change.what ?? 'file');
      const existed = await exists(target);
      entries.push({
        kind: 'put',
        target,
        staged: temp('tmp'),
        backup: temp('old'),
        mode: change.mode,
        inPlace: change.inPlace === true,
        parents: change.parents === true,
        existed,
      });
      data.set(temp('tmp'), bytes);
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeDurably(join(dir, JOURNAL), Buffer.from(JSON.stringify({ entries })), 0o600);
    const tx = new FileTransaction(dir, entries);
    for (const entry of entries) {
      if (entry.kind !== 'put') continue;
      try {
        if (entry.parents) await mkdir(dirname(entry.staged), { recursive: true, mode: 0o755 });
        // Staged files are owner-only until applied: they may hold secrets.
        await writeDurably(entry.staged, data.get(entry.staged)!, 0o600);
      } catch (err) {
        await tx.rollback();
        throw writeError(whats.get(entry.staged)!, entry.target, err);
      }
    }
    return tx;
  }

  /** True when nothing would change. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** The targets this transaction changes. */
  get targets(): string[] {
    return this.entries.map((e) => e.target);
  }

  /** Applies the next changes, in order, up to (not including) the first one `until` accepts. */
  async applyUntil(until: (target: string) => boolean = () => false): Promise<void> {
    while (this.applied < this.entries.length) {
      const entry = this.entries[this.applied]!;
      if (until(entry.target)) return;
      await applyEntry(entry);
      this.applied += 1;
    }
  }

  /** Applies what is left and makes the whole set permanent. */
  async commit(): Promise<void> {
    if (this.done) return;
    await this.applyUntil();
    await writeFile(join(this.dir, COMMITTED), '', { mode: 0o600 });
    for (const entry of this.entries) await cleanUp(entry);
    await rm(this.dir, { recursive: true, force: true });
    this.done = true;
  }

  /** Undoes what was applied and removes every staged file (nothing, once committed). */
  async rollback(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const entry of [...this.entries].reverse()) await undoEntry(entry);
    for (const entry of this.entries) await cleanUp(entry);
    await rm(this.dir, { recursive: true, force: true });
  }
}
