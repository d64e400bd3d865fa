import { describe, expect, it } from 'vitest';
import { parseDotEnv } from '../../../src/compose/dotenv.js';
import { ScoreComposeError } from '../../../src/common/errors.js';

describe('parseDotEnv', () => {
  it('reads plain, exported, quoted and commented lines', () => {
    const text = [
      '# a comment',
      '',
      'A=1',
      '  B = two words  ',
      'export C=3',
      'D="double # not a comment" # comment',
      "E='single $A \\n'",
      'F=value # comment',
      'G=a#b',
      'H=',
      'I="line1\\nline2\\t\\"q\\" \\$A"',
      'J="multi',
      'line"',
      'K=${A}-$A-${UNSET:-d}',
      'L="${B}"',
      "M='${B}'",
      'N=$$A',
    ].join('\n');
    expect(parseDotEnv(text)).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
      D: 'double # not a comment',
      E: 'single $A \\n',
      F: 'value',
      G: 'a#b',
      H: '',
      I: 'line1\nline2\t"q" $A',
      J: 'multi\nline',
      K: '1-1-d',
      L: 'two words',
      M: '${B}',
      N: '$A',
    });
  });

  it('expands from the lookup after the file, and inherits bare keys', () => {
    const lookup = (n: string): string | undefined => ({ HOME: '/h', A: 'outer', BARE: 'inherited' })[n];
    expect(parseDotEnv('A=inner\nX=${A}:${HOME}\nBARE\nMISSING\r\n', lookup)).toEqual({
      A: 'inner',
      X: 'inner:/h',
      BARE: 'inherited',
    });
  });

  it('reports the line of a broken entry', () => {
    const run = (text: string): string => {
      try {
        parseDotEnv(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ScoreComposeError);
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(run('A=1\nB="open\nC=2')).toBe("line 2: unterminated quoted value for 'B'");
    expect(run('BAD KEY=1')).toBe("line 1: invalid variable name 'BAD KEY'");
    expect(run("A='x' y")).toBe("line 1: unexpected text after the quoted value of 'A'");
  });
});
