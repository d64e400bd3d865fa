// A set of file changes that become visible together, or not at all: what `generate` and `up`
// write (mounted files, provisioner file operations, the compose and env files, the state).
//
// Every change is staged first (new content in a temp file beside its target) and listed in a
// journal. Applying a change keeps what it replaces as a backup. A marker file makes the whole
// set committed; until it exists, `recoverTransaction` (run by the next holder of the state
// lock) undoes whatever was applied, so a failed or killed run leaves the previous files, and
// after the marker it only removes the leftovers. Files under `.score-compose/mounts` are written
// in place (same inode), so a container that bind-mounts one file sees the new content.
//
// Confinement (see confine.ts): every target is inside the project directory (the state
// directory's parent) once links are resolved, except a path the user named on the command line
// (`anywhere`: the compose and env files). A write never goes through a link: a link at a target
// is replaced, and a directory there is an error. The journal is read back as untrusted input (a
// cloned repository may carry one): temp and backup names are derived from the target, never read
// from the journal; recovery deletes nothing outside the project, only ever deletes a file it
// wrote itself (by content hash), and removes directories only when they are empty.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from './sync-promises.js';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type ScoreComposeError, userError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { isInside, kindOf, PathRefused, readRegularFile, realPathOf, type Confinement } from './confine.js';

/** Where a transaction keeps its journal, relative to the state directory. */
export const TRANSACTION_DIR = '.txn';
const JOURNAL = 'journal.json';
const COMMITTED = 'committed';
const JOURNAL_VERSION = 2;

type PutEntry = {
  kind: 'put';
  target: string;
  mode: number;
  /** Rewrite the existing file's content instead of renaming a new file over it. */
  inPlace: boolean;
  /** Create missing parent directories (else a missing directory is an error). */
  parents: boolean;
  existed: boolean;
  /** sha256 of the new content: recovery removes a file it created only when it still holds that. */
  sha256: string;
};
type RemoveEntry = { kind: 'remove'; target: string };
type MkdirEntry = { kind: 'mkdir'; target: string; existed: boolean };
type Entry = PutEntry | RemoveEntry | MkdirEntry;

interface Journal {
  version: number;
  /** Names the temp and backup files of this transaction (see tempPaths). */
  id: string;
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
      /** A path the user named on the command line: it may be outside the project. */
      anywhere?: boolean;
    }
  | { kind: 'remove'; path: string }
  | { kind: 'mkdir'; path: string };

interface TempPaths {
  staged: string;
  backup: string;
}

/** The temp file and backup of entry `index`: beside the target, named after it and the transaction. */
function tempPaths(id: string, index: number, target: string): TempPaths {
  const at = (what: string) => join(dirname(target), `.${basename(target)}.${id}-${index}.${what}`);
  return { staged: at('tmp'), backup: at('old') };
}

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

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function sameContent(path: string, data: Uint8Array, mode: number): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size !== data.byteLength || (info.mode & 0o777) !== mode) return false;
  return Buffer.compare(await readFile(path), data) === 0;
}

/** sha256 of a regular file's content, or undefined when it is anything else (or gone). */
async function fileHash(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return sha256(await readRegularFile(path));
}

async function writeDurably(path: string, data: Uint8Array, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
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
  // A hard link of a symbolic link links the link itself; a copy is made only of a regular file.
  if (byLink) await link(target, partial);
  else await copyFile(target, partial, constants.COPYFILE_FICLONE);
  await rename(partial, backup);
}

/** Copies `source`'s bytes into `target` without replacing the file (its inode stays). */
async function rewriteInPlace(target: string, source: string, mode: number): Promise<void> {
  const data = await readFile(source);
  const handle = await open(target, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  try {
    await handle.truncate(0);
    await handle.write(data, 0, data.byteLength, 0);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes a file or a link, never a directory. */
async function removeFile(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) await rm(path, { force: true });
}

/** Removes a directory only when it is empty. */
async function removeEmptyDir(path: string): Promise<void> {
  try {
    await rmdir(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
  }
}

async function applyEntry(entry: Entry, paths: TempPaths): Promise<void> {
  if (entry.kind === 'mkdir') {
    if (!entry.existed) await mkdir(entry.target, { recursive: true, mode: 0o755 });
    return;
  }
  if (entry.kind === 'remove') {
    if (await exists(entry.target)) await rename(entry.target, paths.backup);
    return;
  }
  if (entry.parents) await mkdir(dirname(entry.target), { recursive: true, mode: 0o755 });
  if (entry.existed && (await exists(entry.target))) await backUp(entry.target, paths.backup, !entry.inPlace);
  if (entry.inPlace && entry.existed && (await exists(entry.target))) {
    await rewriteInPlace(entry.target, paths.staged, entry.mode);
    await rm(paths.staged, { force: true });
  } else {
    // Staged owner-only; the file gets its own mode as it appears (a kill in between leaves
    // only the staged file, which clean-up removes).
    await chmod(paths.staged, entry.mode);
    await rename(paths.staged, entry.target);
  }
}

/**
 * Undoes one entry. `inside`: the target is inside the project, or the journal is this run's
 * own; outside the project, a journal read back from disk (a compose file the user put
 * elsewhere, or a forged journal) can only put a backup back, never delete anything there.
 */
async function undoEntry(entry: Entry, paths: TempPaths, inside: boolean): Promise<void> {
  if (entry.kind === 'mkdir') {
    if (!entry.existed && inside) await removeEmptyDir(entry.target);
    return;
  }
  if (entry.kind === 'remove') {
    if (!inside || !(await exists(paths.backup))) return;
    const info = await lstat(entry.target).catch(() => undefined);
    if (info?.isDirectory()) await rmdir(entry.target);
    else if (info !== undefined) await rm(entry.target, { force: true });
    await rename(paths.backup, entry.target);
    return;
  }
  await removeFile(paths.staged);
  await removeFile(`${paths.backup}.partial`);
  const backup = await lstat(paths.backup).catch(() => undefined);
  if (backup !== undefined && !backup.isDirectory()) {
    const target = await lstat(entry.target).catch(() => undefined);
    if (entry.inPlace && target?.isFile() && backup.isFile()) {
      await rewriteInPlace(entry.target, paths.backup, backup.mode & 0o777);
      await rm(paths.backup, { force: true });
    } else if (target === undefined || !target.isDirectory()) {
      await rename(paths.backup, entry.target);
    }
  } else if (!entry.existed && inside && (await fileHash(entry.target)) === entry.sha256) {
    await rm(entry.target, { force: true });
  }
}

async function cleanUp(entry: Entry, paths: TempPaths, inside: boolean): Promise<void> {
  if (entry.kind === 'mkdir') return;
  // Only a removed directory has a directory as its backup.
  if (entry.kind === 'remove' && inside) await rm(paths.backup, { recursive: true, force: true });
  else await removeFile(paths.backup);
  if (entry.kind === 'put') {
    await removeFile(paths.staged);
    await removeFile(`${paths.backup}.partial`);
  }
}

const JOURNAL_HINT =
  'nothing was changed; if no other score-compose run is active, check compose.yaml and the .score-compose ' +
  'directory, then remove .score-compose/.txn';

function damaged(reason: string): ScoreComposeError {
  return userError(
    'state',
    `the journal an interrupted run left in .score-compose/${TRANSACTION_DIR} is damaged: ${reason}`,
    {
      hint: JOURNAL_HINT,
    },
  );
}

/** A journal read back from disk, checked as untrusted input. */
function decodeJournal(text: string): Journal {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // A journal cut short by a kill: nothing was staged or applied after it.
    return { version: JOURNAL_VERSION, id: '', entries: [] };
  }
  if (!isRecord(raw) || raw['version'] !== JOURNAL_VERSION) throw damaged('it is not one this version writes');
  const id = raw['id'];
  if (typeof id !== 'string' || !/^[0-9a-f]{8}$/.test(id)) throw damaged('bad id');
  const entries = raw['entries'];
  if (!Array.isArray(entries)) throw damaged('bad entries');
  const bool = (v: unknown) => typeof v === 'boolean';
  entries.forEach((e, i) => {
    const ok =
      isRecord(e) &&
      typeof e['target'] === 'string' &&
      isAbsolute(e['target']) &&
      !e['target'].includes('\0') &&
      ((e['kind'] === 'remove' && Object.keys(e).length === 2) ||
        (e['kind'] === 'mkdir' && bool(e['existed'])) ||
        (e['kind'] === 'put' &&
          Number.isInteger(e['mode']) &&
          (e['mode'] as number) >= 0 &&
          (e['mode'] as number) <= 0o777 &&
          bool(e['inPlace']) &&
          bool(e['parents']) &&
          bool(e['existed']) &&
          typeof e['sha256'] === 'string' &&
          /^[0-9a-f]{64}$/.test(e['sha256'])));
    if (!ok) throw damaged(`entry ${i} is malformed`);
  });
  return { version: JOURNAL_VERSION, id, entries: entries as Entry[] };
}

async function readJournal(dir: string): Promise<Journal> {
  const path = join(dir, JOURNAL);
  if (!(await exists(path))) return { version: JOURNAL_VERSION, id: '', entries: [] };
  let text: string;
  try {
    text = (await readRegularFile(path, { within: { root: dir, rootName: 'the journal directory' } })).toString();
  } catch (err) {
    throw damaged(err instanceof PathRefused ? `${JOURNAL} ${err.reason}` : (err as Error).message);
  }
  return decodeJournal(text);
}

/** Whether `target` is inside the project (links resolved); anything unresolvable counts as outside. */
function insideOf(realRoot: string): (target: string) => boolean {
  return (target) => {
    try {
      return isInside(realRoot, join(realPathOf(dirname(target)), basename(target)));
    } catch {
      return false;
    }
  };
}

/**
 * What goes when a transaction is finished, in this order: the journal first. Without its
 * journal a transaction has nothing to undo, so whatever a kill leaves of the rest, the next run
 * keeps the files as they are; a commit marker removed before its journal would make a committed
 * run look unfinished, and recovery would then delete the files that run created.
 */
export function finishedTransactionPaths(dir: string): string[] {
  return [join(dir, JOURNAL), join(dir, COMMITTED), dir];
}

async function removeTransactionDir(dir: string): Promise<void> {
  for (const path of finishedTransactionPaths(dir)) await rm(path, { recursive: true, force: true });
}

/**
 * Finishes a transaction an earlier run left behind: rolls it back unless it was committed,
 * then removes every temp file and backup. Returns what it did, or undefined when there was none.
 * Must run under the state lock.
 */
export async function recoverTransaction(stateDir: string): Promise<'rolled back' | 'completed' | undefined> {
  const dir = join(stateDir, TRANSACTION_DIR);
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined) return undefined;
  if (!info.isDirectory()) throw damaged(`${TRANSACTION_DIR} is not a directory`);
  const journal = await readJournal(dir);
  const committed = await exists(join(dir, COMMITTED));
  const inside = insideOf(realPathOf(dirname(stateDir)));
  const entries = journal.entries.map((entry, i) => ({
    entry,
    paths: tempPaths(journal.id, i, entry.target),
    inside: inside(entry.target),
  }));
  try {
    if (!committed) for (const e of [...entries].reverse()) await undoEntry(e.entry, e.paths, e.inside);
    for (const e of entries) await cleanUp(e.entry, e.paths, e.inside);
  } catch (err) {
    throw userError('state', `failed to roll back the changes of an interrupted run: ${(err as Error).message}`, {
      hint: JOURNAL_HINT,
      cause: err,
    });
  }
  await removeTransactionDir(dir);
  return committed ? 'completed' : 'rolled back';
}

function refused(what: string, path: string, reason: string, hint?: string): ScoreComposeError {
  return userError('io', `refusing to write ${what} '${path.replace(/\0/g, '\\0')}': ${reason}`, hint ? { hint } : {});
}

const whatOf = (change: FileChange) =>
  change.kind === 'put' ? (change.what ?? 'file') : change.kind === 'mkdir' ? 'directory' : 'file';

/** Where `target` is once the links above it are resolved (the name itself is not followed). */
function placeOf(target: string): string | undefined {
  try {
    return join(realPathOf(dirname(target)), basename(target));
  } catch {
    return undefined;
  }
}

/**
 * A path the user named on the command line (`anywhere`) must not be one this run also writes
 * for itself (`-o .score-compose/state.yaml`, `--env-file compose.yaml`): two writes of one
 * file would leave only the last, and the state or the compose file would be lost.
 */
function checkNamedPathsApart(changes: readonly FileChange[]): void {
  const seen = new Map<string, FileChange>();
  for (const change of changes) {
    const place = placeOf(resolve(change.path));
    if (place === undefined) continue;
    const other = seen.get(place);
    // Only a clash with a path the user named is an error: provisioners may write one file twice
    // (every route rewrites the shared nginx.conf), and the last write is the one meant.
    const isNamed = (c: FileChange | undefined): boolean => c?.kind === 'put' && c.anywhere === true;
    const named = isNamed(change) ? change : isNamed(other) ? other : undefined;
    if (other !== undefined && named !== undefined) {
      const clash = named === change ? other : change;
      throw userError(
        'usage',
        `refusing to write ${whatOf(named)} '${named.path}': it is the ${whatOf(clash)} this run writes as well`,
        { hint: 'name another file' },
      );
    }
    seen.set(place, change);
  }
}

/** A staged set of changes; see the module comment. */
export class FileTransaction {
  private applied = 0;
  private done = false;

  private constructor(
    private readonly dir: string,
    private readonly journal: Journal,
    private readonly whats: ReadonlyMap<number, string>,
  ) {}

  /**
   * Stages `changes` (a change that would not alter the file is left out) and writes the
   * journal. `stateDir` holds the journal and its parent is the project directory every
   * target must be inside (but `anywhere` ones); the caller holds the state lock.
   */
  static async prepare(stateDir: string, changes: readonly FileChange[]): Promise<FileTransaction> {
    const dir = join(stateDir, TRANSACTION_DIR);
    await recoverTransaction(stateDir);
    checkNamedPathsApart(changes);
    const projectDir = dirname(stateDir);
    const within: Confinement = { root: projectDir, rootName: 'the project directory' };
    const realRoot = realPathOf(projectDir);
    const id = randomBytes(4).toString('hex');
    const entries: Entry[] = [];
    const data = new Map<number, Uint8Array>();
    const whats = new Map<number, string>();
    for (const change of changes) {
      const target = resolve(change.path);
      const what = whatOf(change);
      if (target.includes('\0')) throw refused(what, target, 'the path contains a NUL character');
      if (!(change.kind === 'put' && change.anywhere)) {
        let real: string;
        try {
          real = join(realPathOf(dirname(target)), basename(target));
        } catch (err) {
          throw writeError(what, target, err);
        }
        if (!isInside(realRoot, real)) {
          throw refused(what, target, `it leads outside ${within.rootName} (to '${real}')`);
        }
      }
      const info = await lstat(target).catch(() => undefined);
      if (change.kind === 'mkdir') {
        if (info === undefined) entries.push({ kind: 'mkdir', target, existed: false });
        else if (!(await stat(target).catch(() => undefined))?.isDirectory()) {
          throw refused(what, target, 'it exists and is not a directory');
        } else if (info.isSymbolicLink() && !isInside(realRoot, realPathOf(target))) {
          throw refused(what, target, `it leads outside ${within.rootName}`);
        }
        continue;
      }
      if (change.kind === 'remove') {
        if (info !== undefined) entries.push({ kind: 'remove', target });
        continue;
      }
      if (info?.isDirectory()) {
        throw refused(what, target, 'it is a directory', 'name a file, not a directory');
      }
      // A device, FIFO or socket is never replaced (`-o /dev/null` run as root would replace the
      // device with a file) nor written into (a FIFO would wait for a reader).
      if (info !== undefined && !info.isFile() && !info.isSymbolicLink()) {
        throw refused(
          what,
          target,
          `it is ${kindOf(info)}, not a regular file`,
          'name a regular file (or use -o - to print)',
        );
      }
      // A link is replaced, not followed; outside the project (a path the user named) that would
      // change someone else's link (`-o /dev/stdout`), so it is refused instead.
      if (info?.isSymbolicLink() && change.anywhere) {
        const place = placeOf(target);
        if (place === undefined || !isInside(realRoot, place)) {
          throw refused(
            what,
            target,
            `it is a symbolic link outside ${within.rootName}, which would be replaced`,
            'name the file it points to (or use -o - to print)',
          );
        }
      }
      const bytes = typeof change.data === 'string' ? Buffer.from(change.data) : change.data;
      if (await sameContent(target, bytes, change.mode)) continue;
      whats.set(entries.length, what);
      data.set(entries.length, bytes);
      entries.push({
        kind: 'put',
        target,
        mode: change.mode,
        // Only a regular file is rewritten in place; a link (or anything else) there is replaced.
        inPlace: change.inPlace === true && info?.isFile() === true,
        parents: change.parents === true,
        existed: info !== undefined,
        sha256: sha256(bytes),
      });
    }
    const journal: Journal = { version: JOURNAL_VERSION, id, entries };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeDurably(join(dir, JOURNAL), Buffer.from(JSON.stringify(journal)), 0o600);
    const tx = new FileTransaction(dir, journal, whats);
    for (const [i, entry] of entries.entries()) {
      if (entry.kind !== 'put') continue;
      const { staged } = tempPaths(id, i, entry.target);
      try {
        if (entry.parents) await mkdir(dirname(staged), { recursive: true, mode: 0o755 });
        // Staged files are owner-only until applied: they may hold secrets.
        await writeDurably(staged, data.get(i)!, 0o600);
      } catch (err) {
        await tx.rollback();
        throw writeError(whats.get(i)!, entry.target, err);
      }
    }
    return tx;
  }

  /** True when nothing would change. */
  get empty(): boolean {
    return this.journal.entries.length === 0;
  }

  /** The targets this transaction changes. */
  get targets(): string[] {
    return this.journal.entries.map((e) => e.target);
  }

  private paths(index: number): TempPaths {
    return tempPaths(this.journal.id, index, this.journal.entries[index]!.target);
  }

  /** Applies the next changes, in order, up to (not including) the first one `until` accepts. */
  async applyUntil(until: (target: string) => boolean = () => false): Promise<void> {
    while (this.applied < this.journal.entries.length) {
      const entry = this.journal.entries[this.applied]!;
      if (until(entry.target)) return;
      try {
        await applyEntry(entry, this.paths(this.applied));
      } catch (err) {
        throw writeError(this.whats.get(this.applied) ?? entry.kind, entry.target, err);
      }
      this.applied += 1;
    }
  }

  /** Applies what is left and makes the whole set permanent. */
  async commit(): Promise<void> {
    if (this.done) return;
    await this.applyUntil();
    await writeFile(join(this.dir, COMMITTED), '', { mode: 0o600 });
    await this.cleanUpAll();
    await removeTransactionDir(this.dir);
    this.done = true;
  }

  /** Undoes what was applied and removes every staged file (nothing, once committed). */
  async rollback(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // This run's own journal: every entry is undone in full (recovery trusts a journal less).
    const entries = this.journal.entries;
    for (let i = entries.length - 1; i >= 0; i--) await undoEntry(entries[i]!, this.paths(i), true);
    await this.cleanUpAll();
    await removeTransactionDir(this.dir);
  }

  private async cleanUpAll(): Promise<void> {
    for (const [i, entry] of this.journal.entries.entries()) await cleanUp(entry, this.paths(i), true);
  }
}
