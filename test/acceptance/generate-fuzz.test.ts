// Mutation fuzzing of the whole `generate` command, in-process: every run must end in success
// or a clean user error (exit 1 or 2, `Error: ` and no "internal error"), never a crash; and
// what we accept, docker compose must accept too.
//
// FUZZ_RUNS (default 10,000) mutated Score files run in FUZZ_LANES projects at once (default 6),
// each from the same initial state. Every success whose compose.yaml differs from all earlier
// ones is given to `docker compose config`, a few at a time: identical files need no second check,
// so every success is covered. The test prints the counts; at 10,000 runs it asks for at least
// 500 successes (about 600 succeed, with about 500 distinct compose files; ~4 minutes).
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { composeConfigCheck, e2eRequired } from '../helpers/docker-env.js';
import { mutate, prng } from '../helpers/mutate.js';

const CORPUS = corpusDir();

const SEEDS = [
  'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml',
  'score-compose/examples/03-files/score.yaml',
  'score-compose/examples/05-volume-mounts/score.yaml',
  'score-compose/examples/06-resource-provisioning/score.yaml',
  'score-compose/examples/09-dns-and-route/score.yaml',
  'examples/resources/redis/score.yaml',
].map((p) => join(CORPUS, p));

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const LANES = Number(process.env.FUZZ_LANES ?? 6);
/** `docker compose config` processes at once (each is a short CPU-bound process). */
const COMPOSE_AT_ONCE = 3;
/** Successes (all checked by docker compose config) at the default run count, at least. */
const MIN_SUCCESSES = 500;

/** One project a lane runs in, reset to the same state before every run. */
async function lane(index: number): Promise<{ dir: string; reset: () => Promise<void> }> {
  const dir = await tempProject(`fuzz${index}`, { 'fileA.txt': 'file A\n' });
  expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  const state = join(dir, '.score-compose/state.yaml');
  const pristine = join(dir, '.score-compose/state.pristine');
  await copyFile(state, pristine);
  await mkdir(join(dir, 'checked'));
  return { dir, reset: () => copyFile(pristine, state) };
}

/** Runs at most `limit` tasks at once; `settled` resolves when all added so far have ended. */
function pool(limit: number) {
  const waiting: (() => Promise<void>)[] = [];
  const running = new Set<Promise<void>>();
  const pump = () => {
    while (running.size < limit && waiting.length > 0) {
      const task = waiting.shift()!();
      running.add(task);
      void task.finally(() => {
        running.delete(task);
        pump();
      });
    }
  };
  return {
    add(task: () => Promise<void>) {
      waiting.push(task);
      pump();
    },
    async settled() {
      while (running.size > 0 || waiting.length > 0) await Promise.race(running);
    },
  };
}

describe('generate under mutation', () => {
  it(`${RUNS} mutated Score files end in success or a clean user error, and compose accepts every success`, async () => {
    const seeds = await Promise.all(SEEDS.map((p) => readFile(p, 'utf8')));
    const rnd = prng(7);
    const texts = Array.from({ length: RUNS }, (_, i) => {
      let text = seeds[i % seeds.length]!;
      for (let r = 1 + Math.floor(rnd() * 3); r > 0; r--) text = mutate(text, rnd);
      return text;
    });
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const counts = { runs: 0, successes: 0, userErrors: 0, distinctComposeFiles: 0, composeChecked: 0 };
    const seen = new Set<string>();
    const rejected: string[] = [];
    let composeMissing: string | undefined;
    const checks = pool(COMPOSE_AT_ONCE);
    let next = 0;

    await Promise.all(
      lanes.map(async ({ dir, reset }) => {
        for (let i = next++; i < RUNS; i = next++) {
          const text = texts[i]!;
          await writeFile(join(dir, 'score.yaml'), text);
          await reset(); // runs stay independent of each other and fast
          const run = await runIn(dir, ['generate', 'score.yaml']);
          counts.runs++;
          if (run.code !== 0) {
            const context = `iteration ${i}\n--- stderr ---\n${run.stderr}\n--- input ---\n${text.slice(0, 1500)}`;
            expect([1, 2], context).toContain(run.code);
            expect(run.stderr, context).toMatch(/^Error: /m);
            expect(run.stderr, context).not.toContain('internal error');
            counts.userErrors++;
            continue;
          }
          counts.successes++;
          const yaml = await readFile(join(dir, 'compose.yaml'), 'utf8');
          const digest = createHash('sha256').update(yaml).digest('hex');
          if (seen.has(digest)) continue;
          seen.add(digest);
          counts.distinctComposeFiles++;
          // A copy beside compose.yaml (its relative paths hold), checked while the lane goes on.
          const file = join(dir, 'checked', `${i}.yaml`);
          await writeFile(file, yaml);
          // With the secrets it references: the next run rewrites the project's .env.
          const envFile = join(dir, 'checked', `${i}.env`);
          await writeFile(envFile, await readFile(join(dir, '.env')).catch(() => ''));
          checks.add(async () => {
            const result = await composeConfigCheck(file, dir, envFile);
            if (result.skipped) composeMissing = result.reason;
            else if (!result.ok)
              rejected.push(`iteration ${i}: ${result.stderr}\n--- input ---\n${text.slice(0, 1500)}`);
            else counts.composeChecked++;
          });
        }
      }),
    );
    await checks.settled();

    console.log(`[fuzz] ${JSON.stringify(counts)}`);
    expect(counts.runs).toBe(RUNS);
    expect(rejected, 'docker compose config rejected files generate wrote').toEqual([]);
    if (composeMissing !== undefined) {
      if (e2eRequired()) throw new Error(`cannot check the compose files: ${composeMissing}`);
      console.warn(`[fuzz] compose check not run: ${composeMissing}`);
    } else {
      expect(counts.composeChecked).toBe(counts.distinctComposeFiles);
      if (RUNS >= 10_000) expect(counts.successes).toBeGreaterThanOrEqual(MIN_SUCCESSES);
    }
    expect(counts.successes).toBeGreaterThan(RUNS / 20);
    expect(counts.userErrors).toBeGreaterThan(RUNS / 4);
  }, 900_000);
});
