// Hostile `.score-compose/` contents: NUL characters, huge, deep and broken YAML, placeholders, control characters.
import { describe, it } from 'vitest';
import { runHostileCase } from '../../helpers/hostile.js';
import { scoreCases } from './cases-score.js';

describe(`hostile inputs: Score files (${scoreCases.length} cases)`, () => {
  it.each(scoreCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(c);
  });
});
