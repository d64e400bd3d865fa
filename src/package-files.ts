import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Resolved against this module, which sits one level below the package root both as
// src/package-files.ts (tests) and as dist/package-files.js (installed package).
const PACKAGE_ROOT = new URL('../', import.meta.url);

/** Absolute path of a file or directory shipped with the package. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, PACKAGE_ROOT));
}

/** The default provisioners: every `provisioners/*.yaml` file, joined in name order. */
export async function defaultProvisionersText(): Promise<string> {
  const dir = packagePath('provisioners/');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  const parts = await Promise.all(names.map(async (n) => `# ---- ${n}\n${(await readFile(`${dir}${n}`, 'utf8')).trimEnd()}\n`));
  return `# Default provisioners of score-compose-ts, written by "score-compose init".\n# Edit freely: files sorting before this one take precedence.\n${parts.join('')}`;
}

/** The sample Score file `init` writes. */
export function sampleScoreFile(): Promise<string> {
  return readFile(packagePath('templates/init/score.yaml'), 'utf8');
}
