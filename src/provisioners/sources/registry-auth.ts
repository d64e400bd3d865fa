// The credentials `docker login` stored for a registry, read the way the docker CLI reads them:
// from `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`), through the registry's own
// credential helper (`credHelpers`), else the inline `auths` entry, else the default helper
// (`credsStore`). A helper is the program `docker-credential-<name>`, asked with `get` and the
// registry host on stdin.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isRecord } from '../../common/is-record.js';

/** A user name and password (or token) for a registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

const HELPER_TIMEOUT_MS = 30_000;

/** `https://host/v1/`, `host`, `http://host` → `host`: the forms `auths` keys take. */
const hostOf = (key: string) => key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');

async function readConfig(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const dir = env['DOCKER_CONFIG'] ?? join(homedir(), '.docker');
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {}; // no config, or one docker itself would not read: anonymous access
  }
}

function fromHelper(helper: string, host: string, env: NodeJS.ProcessEnv): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { timeout: HELPER_TIMEOUT_MS, env },
      (err, stdout) => {
        if (err !== null) return resolve(undefined); // not logged in there, or no such helper
        try {
          const out: unknown = JSON.parse(stdout);
          if (isRecord(out) && typeof out['Username'] === 'string' && typeof out['Secret'] === 'string') {
            return resolve({ username: out['Username'], password: out['Secret'] });
          }
        } catch {
          // fall through
        }
        resolve(undefined);
      },
    );
    child.stdin?.end(host);
  });
}

/** The stored credentials for `host` (`registry.example.com`, `localhost:5000`), if any. */
export async function registryCredentials(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | undefined> {
  const config = await readConfig(env);
  const helpers = isRecord(config['credHelpers']) ? config['credHelpers'] : {};
  const ownHelper = helpers[host];
  if (typeof ownHelper === 'string') return fromHelper(ownHelper, host, env);
  const auths = isRecord(config['auths']) ? config['auths'] : {};
  for (const [key, entry] of Object.entries(auths)) {
    if (hostOf(key) !== host || !isRecord(entry)) continue;
    if (typeof entry['auth'] === 'string' && entry['auth'] !== '') {
      const decoded = Buffer.from(entry['auth'], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof entry['username'] === 'string' && typeof entry['password'] === 'string') {
      return { username: entry['username'], password: entry['password'] };
    }
  }
  if (typeof config['credsStore'] === 'string') return fromHelper(config['credsStore'], host, env);
  return undefined;
}
