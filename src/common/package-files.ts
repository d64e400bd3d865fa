import { existsSync } from 'node:fs';
import { readdir, readFile } from '../fs/sync-promises.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// This module runs from src/ (tests), dist/ (library) or a bundle chunk in dist/cli-bundle/:
// the package root is the nearest directory above it that holds provisioners/ and package.json.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'provisioners'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the score-compose-ts package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let packageRoot: string | undefined;

/** Absolute path of a file or directory shipped with the package. */
export function packagePath(relative: string): string {
  packageRoot ??= findPackageRoot();
  return join(packageRoot, relative);
}

/**
 * The default provisioners: every `provisioners/*.yaml` file (score-k8s: `provisioners-k8s/`),
 * joined in name order.
 */
export async function defaultProvisionersText(tool: 'score-compose' | 'score-k8s' = 'score-compose'): Promise<string> {
  const dir = packagePath(tool === 'score-k8s' ? 'provisioners-k8s/' : 'provisioners/');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  const parts = await Promise.all(
    names.map(async (n) => `# ---- ${n}\n${(await readFile(`${dir}${n}`, 'utf8')).trimEnd()}\n`),
  );
  return `# Default provisioners of score-compose-ts, written by "${tool} init".\n# Edit freely: files sorting before this one take precedence.\n${parts.join('')}`;
}

/** The sample Score file `init` writes. */
export function sampleScoreFile(): Promise<string> {
  return readFile(packagePath('templates/init/score.yaml'), 'utf8');
}
