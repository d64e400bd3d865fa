import { describe, expect, it } from 'vitest';
import { literalMatcher } from '../../../src/secrets/matcher.js';

/** The behaviour the matcher replaced: one regular expression listing the values longest first. */
function byRegex(values: string[], text: string, by: (v: string) => string): string {
  const distinct = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return text;
  const escaped = distinct.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(escaped.join('|'), 'g'), by);
}

/** A small deterministic generator, so a failure names its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('literalMatcher', () => {
  it('replaces the leftmost match, the longest at one position, and never inside a replaced match', () => {
    const m = literalMatcher(['abc', 'abcd', 'cde', 'x']);
    expect(m.replaceAll('zabcdez', (v) => `<${v}>`)).toBe('z<abcd>ez');
    expect(m.replaceAll('abcde', (v) => `<${v}>`)).toBe('<abcd>e');
    expect(m.replaceAll('xx', (v) => `<${v}>`)).toBe('<x><x>');
    expect(m.replaceAll('nothing', () => '!')).toBe('nothing');
    expect(m.test('..cde..')).toBe(true);
    expect(m.test('..cd..')).toBe(false);
  });

  it('treats regular-expression characters and dollars as text, and ignores empty values', () => {
    const m = literalMatcher(['a.b$$c', '', '(?)']);
    expect(m.replaceAll('a.b$$c axb$$c (?)', () => 'S')).toBe('S axb$$c S');
    expect(literalMatcher(['']).replaceAll('abc', () => 'S')).toBe('abc');
    expect(literalMatcher([]).test('abc')).toBe(false);
  });

  it('agrees with a regular expression of the same values on random texts', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const alphabet = 'ab$%c';
      const word = (max: number) =>
        Array.from({ length: 1 + Math.floor(next() * max) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(
          '',
        );
      const values = Array.from({ length: 1 + Math.floor(next() * 6) }, () => word(12));
      const text = Array.from({ length: 1 + Math.floor(next() * 8) }, () => word(10)).join(next() < 0.5 ? ' ' : '');
      const tag = (v: string) => `[${values.indexOf(v)}]`;
      expect({ seed, out: literalMatcher(values).replaceAll(text, tag) }).toEqual({
        seed,
        out: byRegex(values, text, tag),
      });
      expect({ seed, found: literalMatcher(values).test(text) }).toEqual({
        seed,
        found: byRegex(values, text, () => '\0') !== text,
      });
    }
  });
});
