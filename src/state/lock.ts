import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../common/errors.js';

const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryTake(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw userError('state', 'state directory does not exist, please run "score-compose init" first');
    if (code !== 'EEXIST') throw err;
  }
  // A lock left by a process that died (kill -9, power loss) must not block forever.
  const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
    await rm(path, { force: true });
  }
  return false;
}

/**
 * Holds `.score-compose/.lock` while `fn` runs so two concurrent runs cannot interleave
 * their read-modify-write of the state. Waits up to `timeoutMs` for another holder.
 */
export async function withStateLock<T>(stateDir: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const path = join(stateDir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  while (!(await tryTake(path))) {
    if (Date.now() > deadline) {
      const owner = await readFile(path, 'utf8').catch(() => '?');
      throw userError('state', `the state directory is locked by another score-compose run (pid ${owner.trim()})`, {
        hint: `if no other run is active, remove ${path}`,
      });
    }
    // A lock file has no change event to wait on; a short poll is cheap and bounded by the deadline.
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
