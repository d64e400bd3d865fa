// Hostile `.score-compose/` contents: damaged or forged state, lock, journal and overrides record.
import { describe, it } from 'vitest';
import { runHostileCase } from '../../helpers/hostile.js';
import { stateCases } from './cases-state.js';

describe(`hostile inputs: the state directory (${stateCases.length} cases)`, () => {
  it.each(stateCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(c);
  });
});
