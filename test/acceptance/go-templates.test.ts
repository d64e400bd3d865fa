// Go-template provisioners and patch templates, unchanged, from the corpus: score-compose's own
// default provisioners (init --no-default-provisioners --provisioners <its default.provisioners.yaml>)
// must give its examples' expected outputs, and its generate and resources test steps their
// expected results.
import { describe, it } from 'vitest';
import { corpusPath } from '../helpers/corpus.js';
import { EXAMPLE_CASES, expectExampleOutput, runExample } from './reference-example-runner.js';

const REFERENCE_DEFAULTS = corpusPath('score-compose/internal/command/default.provisioners.yaml');
const WITH_REFERENCE_DEFAULTS = ['--no-default-provisioners', '--provisioners', REFERENCE_DEFAULTS];

describe("score-compose examples with score-compose's own (Go template) default provisioners", () => {
  for (const name of EXAMPLE_CASES) {
    it(name, async () => expectExampleOutput(name, await runExample(name, WITH_REFERENCE_DEFAULTS)), 60_000);
  }
});
