// Shared by the corpus acceptance tests: reading the state the CLI left behind, checking that
// a failed run reported one clean error, and loading our Handlebars re-authorings of corpus files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, type CliRun } from '../helpers/cli.js';
import { expectComposeAccepts } from '../helpers/compose-check.js';

/** Where our re-authored corpus files live. */
export const FIXTURES = join(REPO_ROOT, 'test/fixtures');

/** One resource of `.score-compose/state.yaml`, as far as the tests look at it. */
export interface StateResource {
  state?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `.score-compose/state.yaml`, as far as the tests look at it. */
export interface ProjectState {
  workloads: Record<string, { file?: string; spec?: unknown }>;
  resources: Record<string, StateResource>;
  shared_state: Record<string, unknown>;
  [key: string]: unknown;
}

/** Reads and parses the state of the project in `dir` with the yaml package. */
export function readState(dir: string): ProjectState {
  const state = parse(readFileSync(join(dir, '.score-compose/state.yaml'), 'utf8')) as ProjectState | null;
  expect(state, 'state.yaml is empty').toBeTruthy();
  return {
    ...state!,
    workloads: state!.workloads ?? {},
    resources: state!.resources ?? {},
    shared_state: state!.shared_state ?? {},
  };
}

const LOG_LINE = /^(INFO|WARN|DEBUG): /;
// `Error: score.yaml:3:5: ...` or `Error: template://x:4:2: ...`: our errors may name a position first.
const LOCATION = /^\S+?:\d+(?::\d+)?: /;

/** The text of the `Error: ` line of a failed run, without `Error: ` and without a leading position. */
export function errorMessage(run: CliRun): string {
  const line = run.stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? '';
  return line.slice('Error: '.length).replace(LOCATION, '');
}

/** Everything the run printed on stderr after the log lines, which must be the error report. */
export function errorReport(run: CliRun): string {
  return run.stderr
    .split('\n')
    .filter((l) => !LOG_LINE.test(l))
    .join('\n');
}

/** What a clean failure must say: the whole first line, or its start, end and some facts. */
export interface ExpectedError {
  equals?: string;
  prefix?: string;
  suffix?: string;
  contains?: string[];
  /** Expected exit code; any non-zero one when absent. */
  code?: number;
}

/**
 * Asserts a run failed cleanly: a non-zero exit code, an error report starting with `Error: `,
 * no stack trace, and the expected message. Multi-line messages compare the first error line
 * plus the detail lines that follow it.
 */
export function expectCleanError(run: CliRun, want: ExpectedError, label = ''): void {
  const context = `${label}\nstderr:\n${run.stderr}`;
  if (want.code === undefined) expect(run.code, context).not.toBe(0);
  else expect(run.code, context).toBe(want.code);
  const report = errorReport(run);
  expect(report.startsWith('Error: '), context).toBe(true);
  expect(report, `stack trace printed\n${context}`).not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(report, context).not.toContain('internal error');
  const first = errorMessage(run);
  const repeated = report
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '' && first.endsWith(l));
  expect(repeated, `the error repeats its message${context}`).toEqual([]);
  const whole = [
    first,
    ...report
      .split('\n')
      .slice(1)
      .filter((l) => !l.startsWith('hint: ') && l !== ''),
  ].join('\n');
  if (want.equals !== undefined) expect(want.equals.includes('\n') ? whole : first, context).toBe(want.equals);
  if (want.prefix !== undefined)
    expect(whole.startsWith(want.prefix), `expected to start with ${JSON.stringify(want.prefix)}${context}`).toBe(true);
  if (want.suffix !== undefined)
    expect(first.endsWith(want.suffix), `expected to end with ${JSON.stringify(want.suffix)}${context}`).toBe(true);
  for (const fact of want.contains ?? []) expect(whole, context).toContain(fact);
}

/** Every file under `test/fixtures/<sub>`, keyed by its path relative to that folder. */
export function fixtureFiles(sub: string): Record<string, string> {
  const root = join(FIXTURES, sub);
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** The bytes of the project's output and state files (undefined when absent), to prove a failed run changed nothing. */
export function projectFiles(dir: string, output = 'compose.yaml'): Record<string, string | undefined> {
  const read = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p)).toString('base64') : undefined);
  return { [output]: read(output), '.score-compose/state.yaml': read('.score-compose/state.yaml') };
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `docker compose config` for files that may use compose's AI-model features. The Compose on
 * these machines (2.26) predates the top-level `models:` and service `models:` (2.38) and
 * `provider:` (2.36) keys and rejects them, so those parts are checked here against the
 * compose-spec shapes, and the rest of the file goes through `docker compose config`.
 */
export async function expectComposeAcceptsModels(composeFile: string, cwd: string): Promise<void> {
  const project = parse(readFileSync(composeFile, 'utf8')) as Json;
  const services = (project['services'] ?? {}) as Record<string, Json>;
  const models = project['models'];
  const usesModels = models !== undefined || Object.values(services).some((s) => 'models' in s || 'provider' in s);
  if (!usesModels) return expectComposeAccepts(composeFile, cwd);
  if (models !== undefined) {
    expect(isMap(models), 'models must be a map').toBe(true);
    for (const [name, model] of Object.entries(models as Json)) {
      expect(isMap(model) && typeof model['model'] === 'string', `models.${name}.model must be a string`).toBe(true);
      const size = (model as Json)['context_size'];
      if (size !== undefined)
        expect(Number.isInteger(size), `models.${name}.context_size must be an integer`).toBe(true);
    }
  }
  const stripped: Record<string, Json> = {};
  for (const [name, service] of Object.entries(services)) {
    const { models: used, provider, ...rest } = service;
    if (used !== undefined) {
      const names = Array.isArray(used) ? used : isMap(used) ? Object.keys(used) : undefined;
      expect(names, `services.${name}.models must be a list or a map`).toBeDefined();
      for (const m of names!)
        expect(Object.keys((models ?? {}) as Json), `services.${name}.models refers to ${String(m)}`).toContain(m);
    }
    if (provider !== undefined) {
      expect(
        isMap(provider) && typeof provider['type'] === 'string',
        `services.${name}.provider.type must be a string`,
      ).toBe(true);
      const options = (provider as Json)['options'];
      if (options !== undefined) expect(isMap(options), `services.${name}.provider.options must be a map`).toBe(true);
      // A provider service has no image; give the older Compose something to check the rest with.
      if (rest['image'] === undefined && rest['build'] === undefined) rest['image'] = 'provider-placeholder';
    }
    stripped[name] = rest;
  }
  const { models: _models, ...top } = project;
  const copy = join(dirname(composeFile), '.compose-without-models.yaml');
  await writeFile(copy, stringify({ ...top, services: stripped }));
  await expectComposeAccepts(copy, cwd);
}
