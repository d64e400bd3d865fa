// Installing provisioner files into the state directory (`init --provisioners`). The file name is
// `<prefix>.<hash>.provisioners.yaml`: the hash identifies the source URI (so re-installing
// it replaces the older copy) and the prefix sorts newer installs first, so they win.
import { createHash } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProvisionerFile, PROVISIONERS_SUFFIX } from './load.js';

export { fetchUriContents } from './fetch-uri.js';

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

/**
 * Validates `content`, writes it (mode 0600) with a `# Downloaded from` header, then removes
 * earlier installs of the same URI. Returns the path written.
 */
export async function installProvisionerFile(
  stateDir: string,
  uri: string,
  content: string,
  now: Date,
): Promise<string> {
  parseProvisionerFile(content, uri);
  const name = installedFileName(uri, now);
  const path = join(stateDir, name);
  await writeFile(path, `# Downloaded from ${uri} at ${now.toISOString()}\n${content}`, { mode: 0o600 });
  const suffix = `.${uriHash(uri)}${PROVISIONERS_SUFFIX}`;
  for (const entry of await readdir(stateDir)) {
    if (entry !== name && entry.endsWith(suffix)) await rm(join(stateDir, entry), { force: true });
  }
  return path;
}
