import { describe, expect, it } from 'vitest';
import { escapeDollarsForCompose } from '../../../src/placeholders/escape-dollars.js';

// The reference's command_and_args_dollar_escaping vectors are in test/acceptance/vectors/placeholders.test.ts.

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
