import { describe, expect, it } from 'vitest';
import { hasSecretsBlock, quoteEnvValue, secretsFileText } from '../../../src/secrets/env-file.js';
import { parseDotEnv } from '../../../src/compose/dotenv.js';

describe('the secrets file', () => {
  it('writes our block into a new file, and compose reads the values back exactly', () => {
    const values = { A: 'plain', B: 'it\'s $HOME \\ "q"', C: 'two\nlines', D: '#not-a-comment' };
    const text = secretsFileText(undefined, values)!;
    expect(hasSecretsBlock(text)).toBe(true);
    expect(parseDotEnv(text)).toEqual(values);
  });

  it("keeps the user's own lines and replaces only our block", () => {
    const first = secretsFileText('USER_VAR=1\n', { S: 'one' })!;
    const second = secretsFileText(`${first}LATER=2\n`, { S: 'two' })!;
    expect(parseDotEnv(second)).toEqual({ USER_VAR: '1', LATER: '2', S: 'two' });
    expect(second.startsWith('USER_VAR=1\nLATER=2\n')).toBe(true);
  });

  it('takes the block out when there is nothing to keep, and says the file can go when nothing is left', () => {
    const withBlock = secretsFileText('MINE=1', { S: 'x-secret' })!;
    expect(secretsFileText(withBlock, {})).toBe('MINE=1\n');
    expect(secretsFileText(secretsFileText(undefined, { S: 'x-secret' })!, {})).toBeNull();
  });

  it('quotes single when it can', () => {
    expect(quoteEnvValue('abc$')).toBe("'abc$'");
    expect(quoteEnvValue("a'b")).toBe('"a\'b"');
  });
});
