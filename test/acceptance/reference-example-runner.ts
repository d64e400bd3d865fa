// Runs one of score-compose's own examples from the corpus as its test did: the commands of
// TEST_COMMANDS.research.txt (the Go test passed each word as one argument, unquoted, so the
// lines are split on spaces without shell quoting), then `docker compose config` on the result.
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { maskDeep } from '../helpers/normalise.js';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { expectComposeAccepts } from '../helpers/compose-check.js';

/** The examples with expected outputs (01–08). */
export const EXAMPLE_CASES = [
  '01-hello',
  '02-environment',
  '03-files',
  '04-multiple-workloads',
  '05-volume-mounts',
  '06-resource-provisioning',
  '07-overrides',
  '08-service-port-resource',
];

/** The corpus folder of score-compose's examples. */
export function examplesDir(): string {
  return join(corpusDir(), 'score-compose/examples');
}

/** Runs example `name` (`initArgs` added to its `init`) and returns the compose file it wrote. */
export async function runExample(name: string, initArgs: string[] = []): Promise<string> {
  const dir = await tempProject(name);
  await cp(join(examplesDir(), name), dir, { recursive: true });
  const lines = (await readFile(join(dir, 'TEST_COMMANDS.research.txt'), 'utf8'))
    .split('\n')
    .filter((l) => l.startsWith('score-compose '));
  for (const line of lines) {
    const argv = line.split(' ').slice(1);
    const run = await runIn(dir, argv[0] === 'init' ? [...argv, ...initArgs] : argv);
    expect(run.code, `${line}\n${run.stderr}`).toBe(0);
    expect(run.stdout, line).toBe('');
  }
  await expectComposeAccepts(join(dir, 'compose.yaml'), dir);
  return readFile(join(dir, 'compose.yaml'), 'utf8');
}

/** Compares an example's compose file with the reference's: exact modulo random parts, or a fragment it contains. */
export async function expectExampleOutput(name: string, actual: string): Promise<void> {
  const exact = join(examplesDir(), name, 'expected.compose.yaml');
  if (existsSync(exact)) {
    expect(maskDeep(parse(actual))).toEqual(maskDeep(parse(await readFile(exact, 'utf8'))));
  } else {
    const fragment = await readFile(join(examplesDir(), name, 'expected.contains.txt'), 'utf8');
    expect(actual).toContain(fragment.replace(/^\n/, ''));
  }
}
