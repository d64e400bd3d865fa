import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { escapeDollarsForCompose } from '../../../src/placeholders/escape-dollars.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cases = parse(
  readFileSync(path.resolve(repoRoot, '../shared/corpus/score-compose-tests/unit_cases.yaml'), 'utf8'),
) as {
  command_and_args_dollar_escaping: { in: string; out: string }[];
};

describe('escapeDollarsForCompose (unit_cases.yaml)', () => {
  const vectors = cases.command_and_args_dollar_escaping;
  it('has vectors', () => expect(vectors.length).toBeGreaterThan(3));
  for (const c of vectors) {
    it(`${c.in} → ${c.out}`, () => expect(escapeDollarsForCompose(c.in)).toBe(c.out));
  }
});

describe('escapeDollarsForCompose', () => {
  it.each([
    ['$${GREETING}', '$${GREETING}'],
    ['$$A', '$$A'],
    ['$$$A', '$$$$A'],
    ['a$A', 'a$$A'],
    ['echo  $A', 'echo  $$A'],
    ['cost $ 5 $', 'cost $ 5 $'],
    ['no dollars', 'no dollars'],
    ['', ''],
  ])('%s → %s', (input, output) => expect(escapeDollarsForCompose(input)).toBe(output));
});
