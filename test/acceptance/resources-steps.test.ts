import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../helpers/corpus.js';
import { readSteps } from './step-runner.js';
import { itRunsEveryStepTest } from './step-translate.js';

const CORPUS = corpusDir();

// score-compose's resources_test.go, turned into data by the corpus: every test runs here, with
// the Go-specific parts (asserts, Go-template --format values, our extra dns `url` output)
// translated by step-translate.ts.
const STEPS = readSteps(join(CORPUS, 'score-compose-tests/resources_test.steps.yaml'));

describe('resources_test.steps.yaml', () => {
  it('has the tests the corpus index lists', () => {
    expect(STEPS.map((t) => t.test)).toEqual(['TestResourcesHelp', 'TestResourcesExample']);
  });
  itRunsEveryStepTest(STEPS);
});
