// escapeAllDollars: literal data written into compose.yaml (resource outputs, paths, metadata)
// must read back as itself once compose interpolates it. The round trip goes through our copy of
// compose's interpolation (compose/interpolate.ts); test/e2e/compose-escaping.test.ts checks the
// same values against `docker compose config` itself.
import { describe, expect, it } from 'vitest';
import { escapeAllDollars } from '../../../src/placeholders/escape-dollars.js';
import { interpolate } from '../../../src/compose/interpolate.js';
import { interpolationProblem } from '../../../src/compose/interpolation-syntax.js';
import { prng } from '../../helpers/mutate.js';

/** Every variable is set to something else: a `$` that compose read as a reference would show. */
const everythingSet = (name: string) => `<${name}>`;

describe('escapeAllDollars', () => {
  it.each([
    ['no dollars', 'no dollars'],
    ['', ''],
    ['$', '$$'],
    ['$$', '$$$$'],
    ['${HOME}', '$${HOME}'],
    ['$HOME', '$$HOME'],
    ['${resources.db.host}', '$${resources.db.host}'],
    ['${a:-b}${c?d}', '$${a:-b}$${c?d}'],
    ['${', '$${'],
    ['a$b$$c$$$', 'a$$b$$$$c$$$$$$'],
  ])('%j → %j', (input, output) => expect(escapeAllDollars(input)).toBe(output));

  it.each([
    '${HOME}',
    '$HOME and $$ and $',
    '${resources.x.y}',
    '${unclosed',
    '${a:?must be set}',
    'x\u0000y\u007f\u008a\u001b[31m',
    '$$$${{}}}$',
  ])('%j reads back unchanged through compose interpolation, and compose accepts it', (value) => {
    const written = escapeAllDollars(value);
    expect(interpolationProblem(written)).toBeUndefined();
    expect(interpolate(written, everythingSet)).toBe(value);
  });

  it('reads back unchanged for random strings of $, braces, names and punctuation', () => {
    const rnd = prng(15);
    const alphabet = ['$', '$', '{', '}', 'A', 'z', '_', '1', ':', '-', '?', '+', '.', ' ', '\n', 'é'];
    for (let n = 0; n < 2000; n++) {
      const value = Array.from(
        { length: Math.floor(rnd() * 24) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
      const written = escapeAllDollars(value);
      expect(interpolationProblem(written), JSON.stringify(value)).toBeUndefined();
      expect(interpolate(written, everythingSet), JSON.stringify(value)).toBe(value);
    }
  });
});
