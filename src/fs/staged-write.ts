import { randomBytes } from 'node:crypto';
import { open, rename, rm } from './sync-promises.js';
import { basename, dirname, join } from 'node:path';

/** A file written to a temp name, not yet visible under its real name. */
export interface StagedFile {
  path: string;
  /** Makes the new content visible (atomic rename). */
  commit(): Promise<void>;
  /** Drops the temp file; the previous content stays. */
  abort(): Promise<void>;
}

/**
 * Writes `data` next to `path` without replacing it yet. Staging every output first means
 * an unwritable path fails before anything the user already had is replaced.
 */
export async function stageFile(path: string, data: string | Uint8Array, mode = 0o644): Promise<StagedFile> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.chmod(mode);
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  return {
    path,
    commit: async () => {
      try {
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    abort: () => rm(temp, { force: true }),
  };
}
