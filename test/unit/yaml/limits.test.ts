// The limits every YAML text read goes through: strict UTF-8 (with the position of the first bad
// byte) and a nesting depth checked before anything recurses into the document.
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../../src/yaml/block-subset.js';
import { decodeUtf8, parseYamlValue } from '../../../src/yaml/yaml.js';
import { thrown } from '../../helpers/thrown.js';

const opts = { source: 'f.yaml' };

describe('decodeUtf8', () => {
  it.each([
    ['ASCII', Buffer.from('a: b\n')],
    ['two-, three- and four-byte characters', Buffer.from('a: é€😀\n')],
    ['a byte order mark', Buffer.from('\ufeffa: 1\n')],
    ['U+FFFD written as such', Buffer.from('a: \ufffd\n')],
  ])('decodes %s', (_what, bytes) => expect(decodeUtf8(bytes, opts)).toBe(bytes.toString('utf8')));

  it.each([
    ['a lone continuation byte', [0x80], 'byte 0x80'],
    ['an invalid lead byte', [0xff], 'byte 0xff'],
    ['an overlong two-byte form of "/"', [0xc0, 0xaf], 'byte 0xc0'],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 'byte 0xe0'],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 'byte 0xed'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 'byte 0xf4'],
    ['a sequence cut short by the next character', [0xe2, 0x82, 0x41], 'byte 0xe2'],
    ['a sequence cut short by the end', [0xf0, 0x9f, 0x98], 'byte 0xf0'],
  ])('refuses %s, at its line and column', (_what, bad, byte) => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nbé: x'), Buffer.from(bad), Buffer.from('y\n')]);
    const err = thrown(() => decodeUtf8(bytes, opts));
    expect(err.message).toBe(
      `failed to decode 'f.yaml' as yaml: line 2, column 6: the text is not valid UTF-8 (${byte})`,
    );
    expect(err.location).toEqual({ file: 'f.yaml', line: 2, col: 6 });
  });

  it('is what parseYaml does with bytes', () => {
    expect(parseYamlValue(Buffer.from('a: é\n'), opts)).toEqual({ a: 'é' });
    expect(thrown(() => parseYamlValue(Buffer.from([0x61, 0x3a, 0x20, 0xff]), opts)).message).toContain(
      'not valid UTF-8',
    );
  });
});

describe('nesting', () => {
  const flow = (depth: number) => `a: ${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}\n`;
  const block = (depth: number) =>
    `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;
  const compact = (depth: number) => `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}-`).join('\n')} 1\n`;

  it.each([
    ['flow lists', flow],
    ['block maps', block],
    ['block lists', compact],
  ])('%s: %i levels are read, one more is refused at its position', (_what, make) => {
    expect(() => parseYamlValue(make(MAX_NESTING), opts)).not.toThrow();
    const err = thrown(() => parseYamlValue(make(MAX_NESTING + 1), opts));
    expect(err.message).toMatch(/line \d+, column \d+: the document is nested too deeply \(more than 128 levels/);
  });

  it('refuses an unclosed flow list 20,000 deep without a stack overflow', () => {
    expect(thrown(() => parseYamlValue(`a: ${'['.repeat(20_000)}`, opts)).message).toContain('nested too deeply');
  });

  it('stays clean over many deep texts in one process (an overflow can abort V8 itself)', () => {
    for (const depth of [1_000, 2_000, 5_000, 10_000, 20_000]) {
      expect(thrown(() => parseYamlValue(`a: ${'{b: '.repeat(depth)}`, opts)).message).toContain('nested too deeply');
    }
  });
});

describe('unique keys (checked by us, in linear time)', () => {
  it.each([
    ['a block map', 'a: 1\nb: 2\na: 3\n', 'line 3, column 1'],
    ['a flow map', 'x: {a: 1, b: 2, a: 3}\n', 'line 1, column 17'],
    ['a nested map', 'x:\n  y:\n    a: 1\n    a: 2\n', 'line 4, column 5'],
    ['the same number written two ways', 'x:\n  1: a\n  0x1: b\n', 'line 3, column 3'],
    ['two null keys', '? ~\n: a\n? null\n: b\n', 'line 3, column 3'],
    ['the first of two duplicates', 'a: 1\nb: 1\nb: 2\na: 2\n', 'line 3, column 1'],
  ])('refuses a repeated key in %s, at the repeat', (_what, text, at) => {
    // Comments keep the text away from the block reader, so the yaml package's path is the one tested.
    expect(thrown(() => parseYamlValue(`# c\n${text}`, opts)).message).toBe(
      `failed to decode 'f.yaml' as yaml: ${at.replace(/line (\d+)/, (_m, l: string) => `line ${Number(l) + 1}`)}: Map keys must be unique`,
    );
  });

  it('accepts keys that only look alike', () => {
    expect(parseYamlValue('# c\na: 1\nA: 2\n"1": x\n1: y\n', opts)).toEqual({ a: 1, A: 2, 1: 'y' });
  });

  it('reports whichever problem comes first in the text', () => {
    expect(thrown(() => parseYamlValue('# c\na: 1\na: 2\nb: [\n', opts)).message).toContain(
      'line 3, column 1: Map keys',
    );
    expect(thrown(() => parseYamlValue('# c\nb: "\\q"\na: 1\na: 2\n', opts)).message).toMatch(
      /line 2, column \d+: (?!Map)/,
    );
  });
});
