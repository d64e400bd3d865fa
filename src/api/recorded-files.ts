// With no file arguments, `generate` (score-compose's and score-k8s's) reads again the Score files
// the state records: the files are the truth. This picks which ones can be read: a recorded path
// is read again only inside the project (the state is a file anyone could have edited) and while
// it exists; for the others the stored spec is used, and the run says so.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRecord } from '../common/is-record.js';
import type { Logger } from '../common/log.js';
import { byName } from '../common/order.js';
import { assertInside, PathRefused } from '../fs/confine.js';
import { projectConfinement } from '../state/store.js';

/** Whether a path the state records leads outside the project (links resolved). */
function leadsOutside(projectDir: string, file: string): boolean {
  try {
    assertInside(resolve(projectDir, file), projectConfinement(projectDir));
    return false;
  } catch (err) {
    if (err instanceof PathRefused) return true;
    throw err;
  }
}

/** The recorded Score files that can be read again, each with the workloads it was read for. */
export function recordedScoreFiles(
  projectDir: string,
  workloads: Readonly<Record<string, { file?: string | undefined }>>,
  logger: Logger,
): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const [name, stored] of Object.entries(workloads).sort(byName)) {
    if (stored.file === undefined) continue;
    if (leadsOutside(projectDir, stored.file)) {
      logger.warn(
        `Score file '${stored.file}' of workload '${name}' is outside the project directory: using its stored copy ` +
          '(give the file on the command line to read it again)',
      );
      continue;
    }
    if (!existsSync(resolve(projectDir, stored.file))) {
      logger.warn(`Score file '${stored.file}' of workload '${name}' no longer exists: using its stored copy`);
      continue;
    }
    byFile.set(stored.file, [...(byFile.get(stored.file) ?? []), name]);
  }
  return byFile;
}

/** `metadata.name` of a Score file's content, if it has one. */
export function nameIn(raw: Record<string, unknown>): string | undefined {
  const metadata = raw['metadata'];
  const name = isRecord(metadata) ? metadata['name'] : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The workloads a recorded file was read for that it no longer names (`file` now has
 * `metadata.name: name`): they are removed, and the run says so.
 */
export function renamedAway(
  recorded: ReadonlyMap<string, string[]>,
  file: string,
  name: string | undefined,
  logger: Logger,
): string[] {
  if (name === undefined) return [];
  const old = (recorded.get(file) ?? []).filter((n) => n !== name);
  for (const o of old) logger.info(`Score file '${file}' now names workload '${name}', not '${o}': '${o}' is removed`);
  return old;
}
