import { down, type DownResult } from '../runtime/down.js';
import { checkoutOwner } from '../runtime/identity/checkout.js';
import { resolveProjectName, runtimeFor, type ProjectTarget } from './project.js';

/** Options of {@link downStack}. */
export interface DownStackOptions extends ProjectTarget {
  /** Also remove the project's named and anonymous volumes. */
  volumes?: boolean;
  removeOrphans?: boolean;
  /** Seconds a container has to stop before it is killed. */
  timeoutSec?: number;
  /** Also remove images: `local` those built for the project, `all` every one its containers used (`--rmi`). */
  removeImages?: 'local' | 'all';
}

/**
 * `score-compose down`: removes the project's containers and networks (and volumes with `volumes`).
 * Only what this directory started goes: another directory using the same project name keeps its
 * containers and what they use (runtime/identity/checkout.ts). An explicit `projectName` means
 * the whole project, wherever it was started, as `docker compose -p <name> down` does.
 */
export async function downStack(opts: DownStackOptions): Promise<DownResult> {
  const projectName = await resolveProjectName(opts.projectDir, opts.projectName);
  const runtime = await runtimeFor(opts);
  return down(runtime, {
    projectName,
    volumes: opts.volumes ?? false,
    removeOrphans: opts.removeOrphans ?? false,
    ...(opts.timeoutSec === undefined ? {} : { timeoutSec: opts.timeoutSec }),
    ...(opts.removeImages === undefined ? {} : { removeImages: opts.removeImages }),
    ...(opts.projectName === undefined ? { owner: checkoutOwner(opts.projectDir) } : {}),
    logger: opts.logger,
  });
}
