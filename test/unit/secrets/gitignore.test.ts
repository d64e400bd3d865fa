import { describe, expect, it } from 'vitest';
import { withIgnoredSecrets } from '../../../src/secrets/gitignore.js';

describe('withIgnoredSecrets', () => {
  it('adds both entries to a new .gitignore', () => {
    expect(withIgnoredSecrets(undefined)?.added).toEqual(['.score-compose/', '.env']);
  });

  it('adds only what is missing, after the existing lines', () => {
    const next = withIgnoredSecrets('node_modules\n/.score-compose')!;
    expect(next.added).toEqual(['.env']);
    expect(next.text.startsWith('node_modules\n/.score-compose\n')).toBe(true);
    expect(next.text.endsWith('.env\n')).toBe(true);
  });

  it('changes nothing when both are ignored already', () => {
    expect(withIgnoredSecrets('.env\n.score-compose/\n')).toBeNull();
  });
});
