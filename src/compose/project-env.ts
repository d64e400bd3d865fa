// Compose interpolates the file from the process environment and the project's `.env` before
// anything else; the runner starts from the in-memory model, so it does the same here. The process
// environment wins over `.env`.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpolateProject } from './interpolate.js';
import { parseDotEnv } from './dotenv.js';
import type { ComposeProject } from './types.js';
import type { Logger } from '../common/log.js';

/**
 * The variables visible to interpolation: `.env` in `projectDir`, overlaid by `known` (values
 * this run computed, such as its secrets), overlaid by `env`.
 */
export function readProjectVariables(
  projectDir: string,
  env: Record<string, string | undefined>,
  known: Record<string, string> = {},
): (name: string) => string | undefined {
  const dotEnvPath = join(projectDir, '.env');
  const fromFile = existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8'), (n) => env[n]) : {};
  const own = (o: Record<string, string>, name: string) => (Object.hasOwn(o, name) ? o[name] : undefined);
  return (name) => env[name] ?? own(known, name) ?? own(fromFile, name);
}

/** Interpolates the project with compose's rules, warning once per unset variable. */
export function interpolateForRun(
  project: ComposeProject,
  lookup: (name: string) => string | undefined,
  logger: Logger,
): ComposeProject {
  return interpolateProject(project, lookup, (name) =>
    logger.warn(`The "${name}" variable is not set. Defaulting to a blank string.`),
  );
}
