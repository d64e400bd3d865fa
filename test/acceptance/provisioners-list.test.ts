// `provisioners list` against the reference's own goldens (TestDisplayProvisioners): the
// fixture file of custom provisioners, listed as a table and as JSON, byte for byte once our one
// addition is taken out: the template engine, the last column (key `Engine`).
import { copyFile, readFile, writeFile } from 'node:fs/promises';
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
    const lines = (await listed('table')).split('\n');
    // The last cell of each line: the engine column (Go for the entries with Go templates, the
    // default for those without any template, nothing for cmd:// ones).
    const engines = lines.filter((l) => l.startsWith('| ')).map((l) => /\|\s*([^|]*?)\s*\|$/.exec(l)?.[1]);
    expect(engines[0]).toBe('ENGINE');
    expect(new Set(engines.slice(1))).toEqual(new Set(['', 'handlebars', 'go']));
    const withoutEngine = lines.map((l) => l.replace(/[|+][^|+]*[|+]$/, (m) => m[0]!)).join('\n');
    expect(withoutEngine).toBe(await readFile(join(COMMAND, 'testdata/provisioners.list.valid.table.golden'), 'utf8'));
  });

  it('json', async () => {
    const rows = JSON.parse(await listed('json')) as { Type: string; Engine?: string }[];
    const fixture = await readFile(join(COMMAND, 'fixtures/provisioners.custom.golden'), 'utf8');
    const entries = fixture.split(/\n(?=- uri: )/);
    for (const row of rows) {
      const entry = entries.find((e) => e.includes(`  type: ${row.Type}\n`)) ?? '';
      const expected = !row.Type.startsWith('template-') ? '' : entry.includes('{{') ? 'go' : 'handlebars';
      expect(row.Engine, row.Type).toBe(expected);
      delete row.Engine;
    }
    expect(`${JSON.stringify(rows, null, 2)}\n`).toBe(
      await readFile(join(COMMAND, 'testdata/provisioners.list.valid.json.golden'), 'utf8'),
    );
  });

  it('shows the engine of each template provisioner', async () => {
    const dir = await tempProject('plist-engines');
    expect((await runIn(dir, ['init', '--no-sample', '--no-default-provisioners'])).code).toBe(0);
    await copyFile(
      join(CORPUS, 'community-provisioners/service/score-compose/10-service.provisioners.yaml'),
      join(dir, '.score-compose/10-service.provisioners.yaml'),
    );
    await writeFile(
      join(dir, '.score-compose/20-ours.provisioners.yaml'),
      '- {uri: "template://hb", type: hb, outputs: "x: {{ upper Id }}"}\n' +
        '- {uri: "template://forced", type: forced, template_engine: go, outputs: "x: {{ uuid }}"}\n' +
        '- {uri: "cmd://true", type: cmd}\n',
    );
    const run = await runIn(dir, ['provisioners', 'list', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { Type: string; Engine: string }[];
    expect(Object.fromEntries(rows.map((r) => [r.Type, r.Engine]))).toEqual({
      cmd: '',
      forced: 'go',
      hb: 'handlebars',
      service: 'go',
    });
    const table = await runIn(dir, ['provisioners', 'list']);
    expect(table.stdout).toMatch(/^\| service +\|.*\| go +\|$/m);
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
