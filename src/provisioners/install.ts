// Installing provisioner files into the state directory (`init --provisioners`). The file name is
// `<prefix>.<hash>.provisioners.yaml`: the hash identifies the source URI (so re-installing
// it replaces the older copy) and the prefix sorts newer installs first, so they win.
import { createHash } from 'node:crypto';
import { readdir } from '../fs/sync-promises.js';
import { join } from 'node:path';
import { FileTransaction, type FileChange } from '../fs/transaction.js';
import { parseProvisionerFile, PROVISIONERS_SUFFIX } from './load.js';
import type { ProvisionerTarget } from './types.js';

export { fetchUriContents } from './sources/fetch-uri.js';

// Upstream uses base64url(MaxInt64 - now), which does not sort monotonically (the base64url
// alphabet is not in ASCII order);
// a zero-padded decimal countdown does, until the year 2286.
const COUNTDOWN_FROM = 9_999_999_999_999;

/** The file name an install of `uri` at `now` gets. */
export function installedFileName(uri: string, now: Date): string {
  const prefix = String(COUNTDOWN_FROM - now.getTime()).padStart(13, '0');
  return `${prefix}.${uriHash(uri)}${PROVISIONERS_SUFFIX}`;
}

/** Unpadded base64url of the first 16 bytes of SHA-256(uri). */
export function uriHash(uri: string): string {
  return createHash('sha256').update(uri, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** One provisioner file to install: where it came from (named in the header and hashed) and its text. */
export interface ProvisionerSource {
  uri: string;
  content: string;
}

/**
 * Validates every file first, then writes them all (mode 0600, with a `# Downloaded from`
 * header) and removes earlier installs of the same URIs, as one transaction: either every file
 * is installed or none is. Returns the paths written, in order. The caller holds the state lock.
 */
export async function installProvisionerFiles(
  stateDir: string,
  sources: readonly ProvisionerSource[],
  now: Date,
  target: ProvisionerTarget = 'compose',
): Promise<string[]> {
  for (const { uri, content } of sources) parseProvisionerFile(content, uri, target);
  const byName = new Map<string, ProvisionerSource>();
  for (const source of sources) byName.set(installedFileName(source.uri, now), source);
  const changes: FileChange[] = [];
  for (const [name, { uri, content }] of byName) {
    const data = `# Downloaded from ${uri} at ${now.toISOString()}\n${content}`;
    changes.push({ kind: 'put', path: join(stateDir, name), data, mode: 0o600, what: 'provisioners file' });
  }
  const suffixes = [...byName.values()].map(({ uri }) => `.${uriHash(uri)}${PROVISIONERS_SUFFIX}`);
  for (const entry of (await readdir(stateDir)).sort()) {
    if (!byName.has(entry) && suffixes.some((suffix) => entry.endsWith(suffix))) {
      changes.push({ kind: 'remove', path: join(stateDir, entry) });
    }
  }
  await (await FileTransaction.prepare(stateDir, changes)).commit();
  return sources.map((source) => join(stateDir, installedFileName(source.uri, now)));
}

/** installProvisionerFiles for one file; returns the path written. */
export async function installProvisionerFile(
  stateDir: string,
  uri: string,
  content: string,
  now: Date,
): Promise<string> {
  const [path] = await installProvisionerFiles(stateDir, [{ uri, content }], now);
  return path!;
}
