import { randomBytes } from 'node:crypto';
import { link, lstat, readdir, readFile, rm, stat, writeFile } from '../fs/sync-promises.js';
import { basename, dirname, join } from 'node:path';
import { userError } from '../common/errors.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';
import { recoverTransaction } from '../fs/transaction.js';
import { checkStateDir } from './store.js';

const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How old an unreadable lock (written by an older version, or cut short) must be to count as stale. */
const UNREADABLE_LOCK_AGE_MS = 10_000;

async function tryTake(path: string, tool: string): Promise<boolean> {
  // The lock appears with its pid already in it (written to a temp file, then hard-linked into
  // place), so a run killed at any moment can never leave an empty lock behind.
  // A fresh name, created exclusively: never written through a link left at some name.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, String(process.pid), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw userError('state', `state directory does not exist, please run "${tool} init" first`);
    throw err;
  }
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  // Only a regular file is read (a link or a FIFO there could send the read anywhere, or hang it).
  const info = await lstat(path).catch(() => undefined);
  if (info !== undefined && !info.isFile()) {
    throw userError('state', `the lock file '${path}' is not a regular file`, {
      hint: 'if no other score-compose run is active, remove it',
    });
  }
  // A lock left by a process that died (kill -9, power loss) must not block forever.
  const text = info === undefined ? undefined : await readFile(path, 'utf8').catch(() => undefined);
  const owner = Number.parseInt(text ?? '', 10);
  if (Number.isInteger(owner) && owner > 0) {
    if (!alive(owner)) await rm(path, { force: true });
  } else if (text !== undefined) {
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > UNREADABLE_LOCK_AGE_MS) await rm(path, { force: true });
  }
  return false;
}

/** `.lock.<pid>.<8 hex>.tmp`: the temp file tryTake makes, named after its process. */
const LOCK_TEMP = /^\.lock\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temp files of runs killed while taking the lock (between writing one and removing
 * it). A live process's temp file is its own business: it may be taking the lock right now.
 */
async function removeStaleLockTemps(stateDir: string): Promise<void> {
  const names = await readdir(stateDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = LOCK_TEMP.exec(name)?.[1];
    if (pid !== undefined && !alive(Number(pid))) await rm(join(stateDir, name), { force: true });
  }
}

/**
 * Holds `<stateDir>/.lock` while `fn` runs so two concurrent runs cannot interleave their
 * read-modify-write of the state. Waits up to `timeoutMs` for another holder. `tool` (default
 * score-compose) is whose state it is: its name is what the messages give.
 */
export async function withStateLock<T>(
  stateDir: string,
  fn: () => Promise<T>,
  { tool = SCORE_COMPOSE, timeoutMs = 30_000 }: { tool?: Tool; timeoutMs?: number } = {},
): Promise<T> {
  await checkStateDir(dirname(stateDir), basename(stateDir));
  const path = join(stateDir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  while (!(await tryTake(path, tool.name))) {
    if (Date.now() > deadline) {
      const owner = await readFile(path, 'utf8').catch(() => '?');
      throw userError('state', `the state directory is locked by another ${tool.name} run (pid ${owner.trim()})`, {
        hint: `if no other run is active, remove ${path}`,
      });
    }
    // A lock file has no change event to wait on; a short poll is cheap and bounded by the deadline.
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    // Whatever a killed holder left half-written is rolled back (or finished) before anyone reads.
    await removeStaleLockTemps(stateDir);
    await recoverTransaction(stateDir);
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
