// Hostile `.score-compose/` contents: template, cmd:// and HTTP provisioners, init --provisioners sources.
import { describe, it } from 'vitest';
import { runHostileCase } from '../../helpers/hostile.js';
import { provisionerCases } from './cases-provisioners.js';

describe(`hostile inputs: provisioners (${provisionerCases.length} cases)`, () => {
  it.each(provisionerCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(c);
  });
});
