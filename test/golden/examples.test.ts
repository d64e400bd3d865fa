import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runIn, tempProject } from '../helpers/cli.js';
import { expectComposeAccepts } from '../helpers/compose-check.js';
import { maskRandom } from '../helpers/normalise.js';
import { readmeCommands } from '../helpers/shell-words.js';

// Every example is documentation and a golden test: the commands in its README run in a copy
// of the example directory, and the compose file must equal expected.compose.yaml (random
// names masked). UPDATE_GOLDEN=1 rewrites the expected files; review the diff before committing.
const EXAMPLES = join(REPO_ROOT, 'examples');
const names = (await readdir(EXAMPLES, { withFileTypes: true }))
  // Numbered directories are the conversion examples; examples/testing holds test suites
  // (run by test/e2e/examples-testing.test.ts).
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

describe('examples', () => {
  for (const name of names) {
    it(name, async () => {
      const source = join(EXAMPLES, name);
      const dir = await tempProject(name);
      await cp(source, dir, { recursive: true });
      const commands = readmeCommands(await readFile(join(source, 'README.md'), 'utf8'));
      expect(commands.length).toBeGreaterThan(0);
      for (const argv of commands) {
        const run = await runIn(dir, argv);
        expect(run.code, `${argv.join(' ')}\n${run.stderr}`).toBe(0);
        expect(run.stdout).toBe('');
      }
      const actual = await readFile(join(dir, 'compose.yaml'), 'utf8');
      const expectedPath = join(source, 'expected.compose.yaml');
      if (process.env.UPDATE_GOLDEN === '1') await writeFile(expectedPath, actual);
      expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(maskRandom(actual)).toBe(maskRandom(await readFile(expectedPath, 'utf8')));
      await expectComposeAccepts(join(dir, 'compose.yaml'), dir);
      // An example whose commands write an env file (--env-file .env) also documents its content.
      const expectedEnv = join(source, 'expected.env');
      if (existsSync(expectedEnv))
        expect(await readFile(join(dir, '.env'), 'utf8')).toBe(await readFile(expectedEnv, 'utf8'));
    });
  }
});
