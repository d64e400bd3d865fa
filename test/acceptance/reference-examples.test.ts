import { cp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { expectComposeAccepts } from '../helpers/compose-check.js';
import { maskDeep } from '../helpers/normalise.js';

const CORPUS = corpusDir();

// score-compose's own examples with the compose files its tests expect (shared corpus).
// The commands come from TEST_COMMANDS.research.txt; the Go test passed each word as one
// argument, unquoted, so the lines are split on spaces without shell quoting.
const EXAMPLES = join(CORPUS, 'score-compose/examples');
const CASES = [
  '01-hello',
  '02-environment',
  '03-files',
  '04-multiple-workloads',
  '05-volume-mounts',
  '06-resource-provisioning',
  '07-overrides',
  '08-service-port-resource',
];

async function runExample(name: string): Promise<string> {
  const dir = await tempProject(name);
  await cp(join(EXAMPLES, name), dir, { recursive: true });
  const lines = (await readFile(join(dir, 'TEST_COMMANDS.research.txt'), 'utf8'))
    .split('\n')
    .filter((l) => l.startsWith('score-compose '));
  for (const line of lines) {
    const run = await runIn(dir, line.split(' ').slice(1));
    expect(run.code, `${line}\n${run.stderr}`).toBe(0);
    expect(run.stdout, line).toBe('');
  }
  await expectComposeAccepts(join(dir, 'compose.yaml'), dir);
  return readFile(join(dir, 'compose.yaml'), 'utf8');
}

describe('score-compose examples from the corpus', () => {
  for (const name of CASES) {
    it(
      name,
      async () => {
        const actual = await runExample(name);
        const exact = join(EXAMPLES, name, 'expected.compose.yaml');
        if (existsSync(exact)) {
          expect(maskDeep(parse(actual))).toEqual(maskDeep(parse(await readFile(exact, 'utf8'))));
        } else {
          const fragment = await readFile(join(EXAMPLES, name, 'expected.contains.txt'), 'utf8');
          expect(actual).toContain(fragment.replace(/^\n/, ''));
        }
      },
      60_000,
    );
  }
});
