// Mutation fuzzing of the whole `generate` command, in-process: every run must end in success
// or a clean user error (exit 1 or 2, `Error: ` and no "internal error"), never a crash.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { mutate, prng } from '../helpers/mutate.js';
import { expectComposeAccepts } from '../helpers/compose-check.js';

const CORPUS = corpusDir();

const SEEDS = [
  'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml',
  'score-compose/examples/03-files/score.yaml',
  'score-compose/examples/05-volume-mounts/score.yaml',
  'score-compose/examples/06-resource-provisioning/score.yaml',
  'score-compose/examples/09-dns-and-route/score.yaml',
  'examples/resources/redis/score.yaml',
].map((p) => join(CORPUS, p));

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

describe('generate under mutation', () => {
  it(`${RUNS} mutated Score files end in success or a clean user error`, async () => {
    const dir = await tempProject('fuzz', { 'fileA.txt': 'file A\n' });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const pristine = join(dir, '.score-compose/state.pristine');
    await copyFile(join(dir, '.score-compose/state.yaml'), pristine);
    const seeds = await Promise.all(SEEDS.map((p) => readFile(p, 'utf8')));
    const rnd = prng(7);
    const outcomes = { ok: 0, userError: 0 };
    for (let i = 0; i < RUNS; i++) {
      let text = seeds[i % seeds.length]!;
      for (let r = 1 + Math.floor(rnd() * 3); r > 0; r--) text = mutate(text, rnd);
      await writeFile(join(dir, 'score.yaml'), text);
      // Start each run from the same state so runs stay independent and fast.
      await copyFile(pristine, join(dir, '.score-compose/state.yaml'));
      const run = await runIn(dir, ['generate', 'score.yaml']);
      if (run.code === 0) {
        outcomes.ok++;
        // What we accept, compose must accept too: check a sample (each check costs ~0.1 s).
        if (outcomes.ok % 10 === 1) await expectComposeAccepts(join(dir, 'compose.yaml'), dir);
      } else {
        const context = `iteration ${i}\n--- stderr ---\n${run.stderr}\n--- input ---\n${text.slice(0, 1500)}`;
        expect([1, 2], context).toContain(run.code);
        expect(run.stderr, context).toMatch(/^Error: /m);
        expect(run.stderr, context).not.toContain('internal error');
        outcomes.userError++;
      }
    }
    expect(outcomes.ok).toBeGreaterThan(RUNS / 20);
    expect(outcomes.userError).toBeGreaterThan(RUNS / 4);
  }, 300_000);
});
