import { isAbsolute, join, normalize, sep } from 'node:path';
import { userError } from '../common/errors.js';

/** A change a provisioner asked for under the mounts directory. */
export type FileOperation =
  { kind: 'mkdir' | 'rmdir' | 'rm'; path: string } | { kind: 'write'; path: string; content: string };

/**
 * Returns `<mounts>/<path>` after checking that `path` stays inside the mounts directory:
 * a provisioner may not write or delete anything else on the user's machine. (The output
 * transaction checks the real path again, after links, when it writes.)
 */
export function confineToMounts(mountsDirectory: string, path: string): string {
  if (path.includes('\0')) {
    throw userError(
      'provision',
      `failing to write volume path '${path.replace(/\0/g, '\\0')}': it contains a NUL character`,
    );
  }
  const cleaned = normalize(path);
  if (isAbsolute(path) || cleaned === '..' || cleaned.startsWith(`..${sep}`)) {
    throw userError('provision', `failing to write non relative volume directory '${path}'`, {
      hint: 'provisioner files and directories must be relative paths inside the mounts directory',
    });
  }
  if (cleaned === '.' || cleaned === `.${sep}`) {
    throw userError('provision', `failing to write volume path '${path}': it names the mounts directory itself`, {
      hint: 'provisioner files and directories must be relative paths inside the mounts directory',
    });
  }
  return join(mountsDirectory, cleaned);
}
