import { isAbsolute, join, normalize, sep } from 'node:path';
import { userError } from '../common/errors.js';

/** A change a provisioner asked for under the mounts directory. */
export type FileOperation =
  { kind: 'mkdir' | 'rmdir' | 'rm'; path: string } | { kind: 'write'; path: string; content: string };

/**
 * Returns `<mounts>/<path>` after checking that `path` stays inside the mounts directory:
 * a provisioner may not write or delete anything else on the user's machine.
 */
export function confineToMounts(mountsDirectory: string, path: string): string {
  const cleaned = normalize(path);
  if (isAbsolute(path) || cleaned === '..' || cleaned.startsWith(`..${sep}`)) {
    throw userError('provision', `failing to write non relative volume directory '${path}'`, {
      hint: 'provisioner files and directories must be relative paths inside the mounts directory',
    });
  }
  return join(mountsDirectory, cleaned);
}
