import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
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

/** Applies the operations in order, relative to the project directory. */
export async function applyFileOperations(projectDir: string, operations: FileOperation[]): Promise<void> {
  for (const op of operations) {
    const target = join(projectDir, op.path);
    if (op.kind === 'mkdir') await mkdir(target, { recursive: true, mode: 0o755 });
    else if (op.kind !== 'write') await rm(target, { recursive: op.kind === 'rmdir', force: true });
    else {
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, op.content, { mode: 0o644 });
    }
  }
}
