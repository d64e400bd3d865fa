import { join } from 'node:path';
import { describe, it } from 'vitest';
import { packageVersion } from '../../src/common/package-version.js';
import { corpusDir } from '../helpers/corpus.js';
import { readSteps, type StepTest } from './step-runner.js';
import { runStepTest } from './step-runner.js';

const CORPUS = corpusDir();

// The reference's own CLI tests, turned into data by the corpus: every test runs here.
const FILES = ['init_test.steps.yaml', 'check_version_test.steps.yaml', 'root_test.steps.yaml'];

// The reference's tests ran an unversioned build (0.0.0); messages quoting the version quote ours.
function withOurVersion(t: StepTest): StepTest {
  const steps = t.steps.map((s) =>
    typeof s.expect_error_equals === 'string'
      ? {
          ...s,
          expect_error_equals: s.expect_error_equals.replace(
            'current version 0.0.0',
            `current version ${packageVersion()}`,
          ),
        }
      : s,
  );
  return { ...t, steps };
}

for (const file of FILES) {
  describe(file, () => {
    for (const t of readSteps(join(CORPUS, 'score-compose-tests', file))) {
      it(t.test, () => runStepTest(withOurVersion(t)), 60_000);
    }
  });
}
