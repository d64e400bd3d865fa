// Searching a project for generated secrets, independently of how the tool marks them: every
// string in the state under a key that names a password, secret, token or connection string is
// taken as one, and looked for byte for byte (as it is, base64, URL-encoded) in the compose file
// and in every file group or others can read.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

const SECRET_KEY = /pass|secret|token|connection/i;

/** The generated secrets of a project: string leaves under secret-looking keys of its state. */
export async function stateSecrets(projectDir: string): Promise<string[]> {
  const state = parse(await readFile(join(projectDir, '.score-compose', 'state.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const found = new Set<string>();
  const walk = (value: unknown, secret: boolean): void => {
    if (typeof value === 'string' && secret && value.length >= 4) found.add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, secret));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, secret || SECRET_KEY.test(k));
  };
  walk({ resources: state['resources'], shared_state: state['shared_state'] }, false);
  return [...found];
}

/** The forms a secret may be written in. */
export function encodedForms(value: string): string[] {
  return [
    ...new Set([
      value,
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
      encodeURIComponent(value),
      encodeURIComponent(value).replace(/%20/g, '+'),
    ]),
  ];
}

/** Every regular file under `dir` (node_modules left out), with its mode. */
async function filesUnder(dir: string): Promise<{ path: string; mode: number }[]> {
  const out: { path: string; mode: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push({ path, mode: (await stat(path)).mode & 0o777 });
  }
  return out;
}

/**
 * Where a secret shows: `<file>: <form>` for the compose file (whatever its mode) and every file
 * readable by group or others; also a file holding one under `.score-compose/` whose directory
 * is not owner-only. Empty when the project is safe to commit.
 */
export async function exposedSecrets(
  projectDir: string,
  secrets: string[],
  composeFile = 'compose.yaml',
): Promise<string[]> {
  const problems: string[] = [];
  const forms = secrets.flatMap(encodedForms);
  for (const { path, mode } of await filesUnder(projectDir)) {
    const rel = relative(projectDir, path);
    const text = await readFile(path, 'latin1');
    const held = forms.filter((f) => text.includes(f));
    if (held.length === 0) continue;
    if (rel === composeFile || (mode & 0o077) !== 0) problems.push(`${rel} (mode ${mode.toString(8)}): ${held[0]}`);
    if (rel.startsWith('.score-compose/')) {
      const dirMode = (await stat(join(path, '..'))).mode & 0o777;
      if (dirMode !== 0o700) problems.push(`${rel}: its directory has mode ${dirMode.toString(8)}`);
    }
  }
  return problems;
}
