// Where the shared corpus is (real Score files, provisioners and expected outputs from public
// repositories, kept beside the repository and never committed), and whether the acceptance
// tier must run. The one place that knows; vitest.config.ts and every acceptance test ask here.
//
// SCORE_COMPOSE_CORPUS=<dir>     use that directory, and fail if it is missing
// SCORE_COMPOSE_CORPUS=require   use ../shared/corpus, and fail if it is missing (CI sets this)
// unset                          use ../shared/corpus when it exists, else skip the tier
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_CORPUS = resolve(REPO_ROOT, '../shared/corpus');

/** The corpus directory the settings point at (it may not exist). */
export function corpusLocation(env: Record<string, string | undefined> = process.env): string {
  const setting = env['SCORE_COMPOSE_CORPUS'];
  if (setting === undefined || setting === '' || setting === 'require') return DEFAULT_CORPUS;
  return isAbsolute(setting) ? setting : resolve(REPO_ROOT, setting);
}

/** True when the acceptance tier must run (and fail without a corpus) rather than be skipped. */
export function corpusRequired(env: Record<string, string | undefined> = process.env): boolean {
  const setting = env['SCORE_COMPOSE_CORPUS'];
  return setting !== undefined && setting !== '';
}

/** Why the acceptance tier cannot run here, or undefined when the corpus is present. */
export function corpusProblem(env: Record<string, string | undefined> = process.env): string | undefined {
  const dir = corpusLocation(env);
  return existsSync(resolve(dir, 'INDEX.md')) ? undefined : `no shared corpus at ${dir}`;
}

/** The corpus directory; throws (failing the test file) when it is missing. */
export function corpusDir(): string {
  const problem = corpusProblem();
  if (problem !== undefined) {
    throw new Error(`${problem}: set SCORE_COMPOSE_CORPUS=<dir> to the shared corpus to run the acceptance tier`);
  }
  return corpusLocation();
}

/** Absolute path of a file in the corpus. */
export function corpusPath(relative: string): string {
  return resolve(corpusDir(), relative);
}

/** The text of a corpus file. */
export function readCorpusFile(relative: string): string {
  return readFileSync(corpusPath(relative), 'utf8');
}

/** One top-level section of score-compose-tests/unit_cases.yaml (the reference's unit-test vectors). */
export function unitCases(section: string): unknown {
  const all = parse(readCorpusFile('score-compose-tests/unit_cases.yaml')) as Record<string, unknown>;
  if (!(section in all)) throw new Error(`no section ${section} in unit_cases.yaml`);
  return all[section];
}
