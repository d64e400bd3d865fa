// Go-template provisioners and patch templates, unchanged, from the corpus: score-compose's own
// default provisioners (init --no-default-provisioners --provisioners <its default.provisioners.yaml>)
// must give its examples' expected outputs, and its generate and resources test steps their
// expected results.
import { describe, it } from 'vitest';
import { corpusPath } from '../helpers/corpus.js';
import { EXAMPLE_CASES, expectExampleOutput, runExample } from './reference-example-runner.js';
import { readSteps } from './step-runner.js';
import { itRunsEveryStepTest } from './step-translate.js';

const REFERENCE_DEFAULTS = corpusPath('score-compose/internal/command/default.provisioners.yaml');
const WITH_REFERENCE_DEFAULTS = ['--no-default-provisioners', '--provisioners', REFERENCE_DEFAULTS];

describe("score-compose examples with score-compose's own (Go template) default provisioners", () => {
  for (const name of EXAMPLE_CASES) {
    it(name, async () => expectExampleOutput(name, await runExample(name, WITH_REFERENCE_DEFAULTS)), 60_000);
  }
});

const GENERATE_STEPS = readSteps(corpusPath('score-compose-tests/generate_test.steps.yaml'));
const RESOURCES_STEPS = readSteps(corpusPath('score-compose-tests/resources_test.steps.yaml'));

describe('generate_test.steps.yaml with the Go templates as written and the reference defaults', () => {
  itRunsEveryStepTest(GENERATE_STEPS, { goTemplates: { initArgs: WITH_REFERENCE_DEFAULTS } });
});

describe('resources_test.steps.yaml with the reference defaults and Go --format templates', () => {
  itRunsEveryStepTest(RESOURCES_STEPS, { goTemplates: { initArgs: WITH_REFERENCE_DEFAULTS } });
});
