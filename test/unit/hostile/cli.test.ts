// Hostile `.score-compose/` contents: output, env and overrides files, flag values, no engine.
import { describe, it } from 'vitest';
import { runHostileCase } from '../../helpers/hostile.js';
import { cliCases } from './cases-cli.js';

describe(`hostile inputs: the command line (${cliCases.length} cases)`, () => {
  it.each(cliCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(c);
  });
});
