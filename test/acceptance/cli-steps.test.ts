import { join } from 'node:path';
import { describe, it } from 'vitest';
import { CORPUS } from '../helpers/cli.js';
import { readSteps, runStepTest } from './step-runner.js';

// The reference's own CLI tests, turned into data by the corpus: every test runs here.
const FILES = ['init_test.steps.yaml', 'check_version_test.steps.yaml', 'root_test.steps.yaml'];

for (const file of FILES) {
  describe(file, () => {
    for (const t of readSteps(join(CORPUS, 'score-compose-tests', file))) {
      it(t.test, () => runStepTest(t), 60_000);
    }
  });
}
