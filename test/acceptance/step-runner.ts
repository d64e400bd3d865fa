import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject, type CliRun } from '../helpers/cli.js';
import { maskDeep, maskRandom } from '../helpers/normalise.js';

/** One step of a corpus step file (see shared/corpus/README.md §2.5). */
export type Step = Record<string, unknown>;
export interface StepTest {
  test: string;
  steps: Step[];
}

/** Reads a `*.steps.yaml` file of the corpus. */
export function readSteps(path: string): StepTest[] {
  return parse(readFileSync(path, 'utf8')) as StepTest[];
}

/** What a `check` step sees: the test directory and every CLI run so far (the last one last). */
export interface StepContext {
  dir: string;
  tmp2: string;
  runs: CliRun[];
  last: CliRun | undefined;
  lastArgv: string[];
}

/**
 * A step a test adds itself, `{ check: (ctx) => ... }`, for expectations the corpus keeps as
 * Go text (`assert`) or states in a form only a test can translate.
 */
export type CheckStep = { check: (ctx: StepContext) => void | Promise<void> };

function isHelpRun(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h') || argv[0] === 'help' || argv.length === 0;
}

function outputPath(argv: string[]): string {
  const i = argv.findIndex((a) => a === '-o' || a === '--output');
  return i >= 0 ? (argv[i + 1] ?? 'compose.yaml') : 'compose.yaml';
}

/**
 * Runs one corpus test's steps in a fresh directory named `001` (the reference's project
 * name) and checks each expectation. Help texts are ours, so for `--help` runs only the
 * shape is checked; every other expectation is checked as the corpus states it.
 */
export async function runStepTest(t: StepTest, replacements: Record<string, string> = {}): Promise<void> {
  const dir = await tempProject('001');
  const tmp2 = await mkdtemp(join(tmpdir(), 'sct2-'));
  const sub = (s: string) => s.replaceAll('$TMP2', tmp2);
  let last: CliRun | undefined;
  let lastArgv: string[] = [];
  const runs: CliRun[] = [];
  const where = (step: Step) => `${t.test}: ${JSON.stringify(step).slice(0, 160)}\nstderr: ${last?.stderr ?? ''}`;
  for (const step of t.steps) {
    if ('run' in step) {
      lastArgv = (step.run as string[]).slice(1).map(sub);
      last = await runIn(dir, lastArgv, { env: { ...process.env } });
      runs.push(last);
    } else if ('write_file' in step) {
      const rel = sub(String(step.write_file));
      const path = rel.startsWith('/') ? rel : join(dir, rel);
      const content = replacements[String(step.write_file)] ?? String(step.content ?? '');
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    } else if (typeof step.check === 'function') {
      await (step as CheckStep).check({ dir, tmp2, runs, last, lastArgv });
    } else if (step.expect === 'no error') {
      expect(last?.code, where(step)).toBe(0);
    } else if ('expect_error_equals' in step) {
      expect(last?.code, where(step)).not.toBe(0);
      // Our errors may name the Score file position first (`Error: score.yaml:8:23: ...`).
      const unlocated = (last?.stderr ?? '').replace(/^Error: \S+?:\d+(?::\d+)?: /m, 'Error: ');
      expect(unlocated, where(step)).toContain(`Error: ${String(step.expect_error_equals)}`);
    } else if ('expect_error_contains' in step) {
      expect(last?.code, where(step)).not.toBe(0);
      expect(last?.stderr, where(step)).toContain(String(step.expect_error_contains));
    } else if (step.expect_error === true) {
      expect(last?.code, where(step)).not.toBe(0);
      expect(last?.stderr, where(step)).toMatch(/^Error: /m);
    } else if ('expect_stdout_equals' in step) {
      const expected = String(step.expect_stdout_equals);
      // Help texts are ours (commander's layout, our wording): check the shape only.
      if (isHelpRun(lastArgv) || /^Usage:$/m.test(expected)) expect(last?.stdout, where(step)).toMatch(/Usage:/);
      else expect(maskRandom(last?.stdout ?? ''), where(step)).toBe(maskRandom(expected));
    } else if ('expect_output_file_equals' in step) {
      const file = join(dir, outputPath(lastArgv));
      expect(existsSync(file), where(step)).toBe(true);
      const actual = parse(readFileSync(file, 'utf8')) as unknown;
      expect(maskDeep(actual), where(step)).toEqual(maskDeep(parse(String(step.expect_output_file_equals))));
    } else if ('expect_output_contains' in step || 'expect_output_not_contains' in step) {
      const file = join(dir, outputPath(lastArgv));
      const text = readFileSync(file, 'utf8');
      if ('expect_output_contains' in step) expect(text, where(step)).toContain(String(step.expect_output_contains));
      else expect(text, where(step)).not.toContain(String(step.expect_output_not_contains));
    }
    // `assert` (Go assertions kept as text), `subtest`, `unparsed`: no machine-checkable expectation.
  }
}
