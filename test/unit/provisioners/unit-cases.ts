// Reads the upstream unit-test vectors (shared corpus, never copied into the repo).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of a corpus file. */
export function corpusPath(relative: string): string {
  return resolve(REPO_ROOT, '../shared/corpus', relative);
}

/** One top-level section of score-compose-tests/unit_cases.yaml. */
export function unitCases(section: string): unknown {
  const all = parse(readFileSync(corpusPath('score-compose-tests/unit_cases.yaml'), 'utf8')) as Record<string, unknown>;
  if (!(section in all)) throw new Error(`no section ${section} in unit_cases.yaml`);
  return all[section];
}
