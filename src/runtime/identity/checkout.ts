// Which checkout a project's containers, networks and volumes belong to.
//
// A compose project name is derived from a directory name, so two checkouts `a/shop` and `b/shop`
// share it, and with it every container, network and volume name. Compose's
// `com.docker.compose.project.working_dir` label (on containers; ours also put it on networks and
// volumes) tells them apart: `down` removes only what this directory owns, and `up` refuses to take
// over containers another checkout started. A label naming a directory that no longer exists (a
// checkout moved or deleted) counts as this one's: its objects are leftovers for whoever comes next.
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { LABEL_WORKING_DIR } from './labels.js';

/** Whose an object is, by its working_dir label: `this` checkout, or an `other` one that still exists. */
export type CheckoutOwner = (labels: Record<string, string>) => 'this' | 'other';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The owner test for the checkout at `projectDir`: no label, this directory (also through a
 * symlink), or a directory that is gone is `this`; any other existing directory is `other`.
 */
export function checkoutOwner(projectDir: string, exists: (path: string) => boolean = existsSync): CheckoutOwner {
  const here = canonical(projectDir);
  const seen = new Map<string, 'this' | 'other'>();
  return (labels) => {
    const dir = labels[LABEL_WORKING_DIR];
    if (dir === undefined || dir === '') return 'this';
    let owner = seen.get(dir);
    if (owner === undefined) {
      owner = canonical(dir) === here || !exists(dir) ? 'this' : 'other';
      seen.set(dir, owner);
    }
    return owner;
  };
}
