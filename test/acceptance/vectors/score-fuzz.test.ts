// Mutation fuzzing of the read pipeline: whatever the text, parse + check either succeeds or
// throws a ScoreComposeError (never a TypeError, RangeError or other crash). Deterministic seed;
// the seeds are real Score files of the shared corpus.
import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { checkWorkload, checkWorkloadFilesMetadata } from '../../../src/score/read.js';
import { readCorpusFile } from '../../helpers/corpus.js';
import { mutate, prng } from '../../helpers/mutate.js';

const SEEDS = [
  'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml',
  'score-compose/examples/03-files/score.yaml',
  'score-compose/examples/08-service-port-resource/scoreA.yaml',
  'score-compose/examples/09-dns-and-route/score.yaml',
  'awesome-score-spec-examples/examples/angular/score/score.yaml',
  'examples/specification/probes/score.yaml',
  'invalid-and-edge-cases/score-go-schema/000-valid-valid-input.yaml',
].map((p) => readCorpusFile(p));

function runPipeline(text: string): void {
  const parsed = parseYamlDocument(text, 'fuzz.yaml');
  checkWorkloadFilesMetadata([{ file: 'fuzz.yaml', raw: parsed.value }]);
  checkWorkload(parsed.value, 'fuzz.yaml', parsed.locate);
}

describe('read pipeline under mutation', () => {
  it('the seeds themselves are valid', () => {
    for (const seed of SEEDS) expect(() => runPipeline(seed)).not.toThrow();
  });

  // 2000 mutated inputs run in about 5 s here; deep nesting is what costs (the YAML parser is slow on it).
  it('only ever returns or throws ScoreComposeError', () => {
    const rnd = prng(20240611);
    const outcomes = { ok: 0, userError: 0 };
    for (let i = 0; i < 2000; i++) {
      let text = SEEDS[i % SEEDS.length] ?? '';
      const rounds = 1 + Math.floor(rnd() * 4);
      for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
      try {
        runPipeline(text);
        outcomes.ok++;
      } catch (err) {
        if (!(err instanceof ScoreComposeError)) {
          throw new Error(`iteration ${i}: ${String(err)}\n--- input ---\n${text.slice(0, 2000)}`, { cause: err });
        }
        expect(err.message).not.toBe('');
        // One problem per line: user text with line breaks must have been escaped.
        for (const line of err.details) expect(line).toMatch(/^fuzz\.yaml(:\d+:\d+)? \S[^\n]*: \S[^\n]*$/);
        outcomes.userError++;
      }
    }
    // Both paths must be exercised for the test to mean anything.
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.userError).toBeGreaterThan(500);
  });
});
