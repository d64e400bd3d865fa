import { describe, it } from 'vitest';
import { EXAMPLE_CASES, expectExampleOutput, runExample } from './reference-example-runner.js';

// score-compose's own examples with the compose files its tests expect (shared corpus), run with
// our (Handlebars) default provisioners. go-templates.test.ts runs them with the reference's.
describe('score-compose examples from the corpus', () => {
  for (const name of EXAMPLE_CASES) {
    it(name, async () => expectExampleOutput(name, await runExample(name)), 60_000);
  }
});
