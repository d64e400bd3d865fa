import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { parseYamlDocument } from '../../../src/score/parse.js';

// Parsing the reference's init sample (a corpus file) is in test/acceptance/vectors/score-parse.test.ts.

function decodeFailure(text: string, file = 'score.yaml'): ScoreComposeError {
  try {
    parseYamlDocument(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScoreComposeError);
    return err as ScoreComposeError;
  }
  throw new Error('expected a decode error');
}

const SAMPLE = [
  'apiVersion: score.dev/v1b1', // 1
  'metadata:', // 2
  '  name: web', // 3
  'containers:', // 4
  '  main:', // 5
  '    image: nginx', // 6
  '    command: ["a", "b"]', // 7
  '    files:', // 8
  '      - target: /etc/x', // 9
  '        content: hi', // 10
  '    variables:', // 11
  '      EMPTY:', // 12
  '',
].join('\n');

describe('parseYamlDocument', () => {
  it('decodes a map and locates scalars at their value, collections at their key', () => {
    const parsed = parseYamlDocument(SAMPLE, 'score.yaml');
    expect(parsed.value).toMatchObject({ metadata: { name: 'web' }, containers: { main: { image: 'nginx' } } });
    expect(parsed.locate(['metadata', 'name'])).toEqual({ line: 3, col: 9 });
    expect(parsed.locate(['containers', 'main', 'image'])).toEqual({ line: 6, col: 12 });
    expect(parsed.locate(['containers', 'main'])).toEqual({ line: 5, col: 3 });
    expect(parsed.locate(['containers', 'main', 'command'])).toEqual({ line: 7, col: 5 });
    expect(parsed.locate(['containers', 'main', 'command', 1])).toEqual({ line: 7, col: 20 });
    expect(parsed.locate(['containers', 'main', 'files', 0, 'content'])).toEqual({ line: 10, col: 18 });
    expect(parsed.locate(['containers', 'main', 'files', 0])).toEqual({ line: 9, col: 9 });
    // A null value has no position of its own: report its key.
    expect(parsed.locate(['containers', 'main', 'variables', 'EMPTY'])).toEqual({ line: 12, col: 7 });
    expect(parsed.locate([])).toEqual({ line: 1, col: 1 });
  });

  it('points at the nearest existing parent when the path leaves the document', () => {
    const parsed = parseYamlDocument(SAMPLE, 'score.yaml');
    expect(parsed.locate(['containers', 'main', 'nope', 'deeper'])).toEqual({ line: 5, col: 3 });
    expect(parsed.locate(['containers', 'main', 'files', 7, 'content'])).toEqual({ line: 8, col: 5 });
    expect(parsed.locate(['metadata', 'name', 'x'])).toEqual({ line: 3, col: 9 });
    expect(parsed.locate(['nothing'])).toEqual({ line: 1, col: 1 });
  });

  it('decodes an empty file to an empty map (the pre-checks then report the missing metadata)', () => {
    expect(parseYamlDocument('', 'empty.yaml').value).toEqual({});
    expect(parseYamlDocument('# nothing\n', 'c.yaml').value).toEqual({});
  });

  it('rejects a document that is not a map, naming the file', () => {
    const err = decodeFailure('"blah"', 'thing');
    expect(err.code).toBe('input');
    expect(err.message).toBe(
      "failed to decode 'thing' as yaml: line 1, column 1: the document must be a map of fields, found the string `blah`",
    );
    expect(decodeFailure('- a\n- b\n').message).toContain('must be a map of fields, found a list');
    expect(decodeFailure('42').message).toContain('found the number `42`');
  });

  it('reports malformed YAML with the first error line and column', () => {
    const err = decodeFailure('apiVersion: score.dev/v1b1\nmetadata:\n  name: [a, b\ncontainers: {}\n');
    expect(err.message).toMatch(/^failed to decode 'score\.yaml' as yaml: line \d+, column \d+: /);
    expect(err.location?.file).toBe('score.yaml');
    expect(err.location?.line).toBeGreaterThanOrEqual(3);
    expect(err.message).not.toContain('\n');

    const dup = decodeFailure('a: 1\nb: 2\na: 3\n');
    expect(dup.message).toBe("failed to decode 'score.yaml' as yaml: line 3, column 1: Map keys must be unique");
    expect(dup.location).toEqual({ file: 'score.yaml', line: 3, col: 1 });

    const tab = decodeFailure('a:\n\tb: 1\n');
    expect(tab.location?.line).toBe(2);
  });

  it('stops an alias bomb quickly with a clear error', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const err = decodeFailure(`${levels.join('\n')}\n`, 'bomb.yaml');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.message).toMatch(/^failed to decode 'bomb\.yaml' as yaml: too many alias expansions/);
  });

  it('still allows ordinary anchors and merge keys', () => {
    const parsed = parseYamlDocument('base: &b {image: x}\nc:\n  <<: *b\n  args: [y]\nd: *b\n', 'a.yaml');
    expect(parsed.value).toEqual({ base: { image: 'x' }, c: { image: 'x', args: ['y'] }, d: { image: 'x' } });
    expect(parsed.locate(['d', 'image'])).toEqual({ line: 1, col: 18 });
  });
});

describe('complex keys', () => {
  it('rejects a map used as a key, with its position, instead of stringifying it', () => {
    expect(() => parseYamlDocument('metadata:\n  ? {a: 1}\n  : x\n', 'score.yaml')).toThrow(
      /score\.yaml.*line 2, column 5: a map key must be a plain value/,
    );
  });
});
