// `provisioners list` against the reference's own goldens (TestDisplayProvisioners): the
// fixture file of custom provisioners, listed as a table and as JSON, byte for byte.
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';

const CORPUS = corpusDir();

const COMMAND = join(CORPUS, 'score-compose/internal/command');

async function listed(format: 'table' | 'json'): Promise<string> {
  const dir = await tempProject('plist');
  expect((await runIn(dir, ['init', '--no-sample', '--no-default-provisioners'])).code).toBe(0);
  await copyFile(
    join(COMMAND, 'fixtures/provisioners.custom.golden'),
    join(dir, '.score-compose/00-custom.provisioners.yaml'),
  );
  const run = await runIn(dir, ['provisioners', 'list', '-f', format]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

describe('provisioners list (reference goldens)', () => {
  it('table', async () => {
    expect(await listed('table')).toBe(
      await readFile(join(COMMAND, 'testdata/provisioners.list.valid.table.golden'), 'utf8'),
    );
  });

  it('json', async () => {
    expect(await listed('json')).toBe(
      await readFile(join(COMMAND, 'testdata/provisioners.list.valid.json.golden'), 'utf8'),
    );
  });

  it('no state directory', async () => {
    const dir = await tempProject('plist-none');
    const run = await runIn(dir, ['provisioners', 'list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Error: no state directory found, run 'score-compose init' first");
  });

  it('no provisioners: an info line and no output', async () => {
    const dir = await tempProject('plist-empty');
    expect((await runIn(dir, ['init', '--no-sample', '--no-default-provisioners'])).code).toBe(0);
    const run = await runIn(dir, ['provisioners', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('INFO: No provisioners found');
  });
});
