import { readFileSync } from 'node:fs';
import { packagePath } from './package-files.js';

/** The package version from package.json (read once, synchronously: it is tiny). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
