// Usage errors keep the reference's wording and add commander's suggestion as a hint line.
import { describe, expect, it } from 'vitest';
import { runIn, tempProject, type CliRun } from '../../helpers/cli.js';

/** The error report: every stderr line from `Error: ` on. */
function report(run: CliRun): string[] {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  return lines.slice(lines.findIndex((l) => l.startsWith('Error: ')));
}

describe('usage errors suggest', () => {
  it('a command, in the reference wording', async () => {
    const dir = await tempProject('errs');
    const run = await runIn(dir, ['genrate']);
    expect(run.code).toBe(2);
    expect(report(run).slice(0, 2)).toEqual([
      'Error: unknown command "genrate" for "score-compose"',
      'hint: did you mean "generate"?',
    ]);
  });

  it('a sub-command, naming its parent', async () => {
    const run = await runIn(await tempProject('errs'), ['resources', 'lsit']);
    expect(run.code).toBe(2);
    expect(report(run).slice(0, 2)).toEqual([
      'Error: unknown command "lsit" for "score-compose resources"',
      'hint: did you mean "list"?',
    ]);
  });

  it('an option', async () => {
    const run = await runIn(await tempProject('errs'), ['generate', '--outptu', 'x.yaml']);
    expect(run.code).toBe(2);
    expect(report(run).slice(0, 2)).toEqual(["Error: unknown option '--outptu'", 'hint: did you mean "--output"?']);
  });

  it('nothing when nothing is close', async () => {
    const run = await runIn(await tempProject('errs'), ['zzzz']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Error: unknown command "zzzz" for "score-compose"\n');
    expect(run.stderr).not.toContain('hint:');
  });
});
