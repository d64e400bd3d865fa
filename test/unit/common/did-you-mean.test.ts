import { describe, expect, it } from 'vitest';
import { closestMatch, suggestName } from '../../../src/common/did-you-mean.js';

describe('suggestName', () => {
  it('counts swapped neighbours as one edit', () => {
    expect(closestMatch('prot', ['host', 'port'])).toBe('port');
    expect(closestMatch('nmae', ['name', 'annotations'])).toBe('name');
  });

  it('takes the closest by edit distance first', () => {
    expect(suggestName('postgress', ['mysql', 'postgres', 'postgres-instance'])).toBe('postgres');
    expect(suggestName('genrate', ['init', 'generate', 'up'])).toBe('generate');
  });

  it('else a name that contains the input or is contained in it, the longest', () => {
    expect(closestMatch('hostname', ['host', 'port'])).toBeUndefined();
    expect(suggestName('hostname', ['host', 'port', 'username'])).toBe('host');
    expect(suggestName('pass', ['password', 'port'])).toBe('password');
  });

  it('suggests nothing for short or unrelated names', () => {
    expect(suggestName('pg', ['postgres'])).toBeUndefined();
    expect(suggestName('zzz', ['host', 'port'])).toBeUndefined();
    expect(suggestName('x', [])).toBeUndefined();
  });
});
