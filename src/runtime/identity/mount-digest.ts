// A service's compose config does not change when the files it bind-mounts from the project's
// mounts directory do: a Score file's new content, the router's nginx.conf with a new host, a
// postgres init job's directory of SQL scripts with a new database. So the content of those
// files is part of what "changed" means for every service, kept in a label of its own.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from '../../fs/sync-promises.js';
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
 * (files written by provisioners and for Score `files`), undefined when it mounts none. Other
 * bind sources, which may be large host directories, are left out.
 */
export async function mountedContentDigest(service: ComposeService, projectDir: string): Promise<string | undefined> {
  const mounts = resolve(projectDir, MOUNTS_DIR);
  const hash = createHash('sha256');
  let any = false;
  for (const volume of service.volumes ?? []) {
    if (volume.type !== 'bind' || typeof volume.source !== 'string') continue;
    const source = resolve(projectDir, volume.source);
    const inside = relative(mounts, source);
    if (inside.startsWith('..') || isAbsolute(inside)) continue;
    any = true;
    await digestPath(hash, source, inside);
  }
  return any ? hash.digest('hex') : undefined;
}
