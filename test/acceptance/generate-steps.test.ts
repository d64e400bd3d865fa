import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../helpers/corpus.js';
import { readSteps } from './step-runner.js';
import { itRunsEveryStepTest } from './step-translate.js';

const CORPUS = corpusDir();

// score-compose's generate_test.go, turned into data by the corpus: every test runs here, with
// the Go-specific parts translated by step-translate.ts.
const STEPS = readSteps(join(CORPUS, 'score-compose-tests/generate_test.steps.yaml'));

describe('generate_test.steps.yaml', () => {
  it('has the tests the corpus index lists', () => {
    expect(STEPS.length).toBe(33);
  });
  itRunsEveryStepTest(STEPS);
});
