// One-shot services (init jobs) are not run again by a second `up` when nothing about them
// changed. Their config is not enough to tell: a postgres init job bind-mounts a directory of
// SQL scripts that grows when a new database is added. So the files they mount from the
// project's mounts directory are part of what "changed" means for them.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ComposeService } from '../../compose/types.js';

const MOUNTS_DIR = '.score-compose/mounts';

async function digestPath(hash: ReturnType<typeof createHash>, path: string, label: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    hash.update(`missing ${label}\n`);
  } else if (info.isDirectory()) {
    hash.update(`dir ${label}\n`);
    for (const entry of (await readdir(path)).sort()) await digestPath(hash, join(path, entry), `${label}/${entry}`);
  } else {
    hash.update(`file ${label} ${info.size}\n`);
    hash.update(await readFile(path));
  }
}

/**
 * A digest of the content a service bind-mounts from `<projectDir>/.score-compose/mounts`
 * (files written by provisioners and for Score `files`). Other bind sources, which may be large
 * host directories, are left out.
 */
export async function mountedContentDigest(service: ComposeService, projectDir: string): Promise<string> {
  const mounts = resolve(projectDir, MOUNTS_DIR);
  const hash = createHash('sha256');
  for (const volume of service.volumes ?? []) {
    if (volume.type !== 'bind' || typeof volume.source !== 'string') continue;
    const source = resolve(projectDir, volume.source);
    const inside = relative(mounts, source);
    if (inside.startsWith('..') || isAbsolute(inside)) continue;
    await digestPath(hash, source, inside);
  }
  return hash.digest('hex');
}
