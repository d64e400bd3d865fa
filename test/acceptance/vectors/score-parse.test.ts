// parseYamlDocument on a real Score file of the shared corpus: the reference's init sample.
import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { readCorpusFile } from '../../helpers/corpus.js';

describe('parseYamlDocument', () => {
  it('takes the one non-empty document, like the init sample that starts with comments and ---', () => {
    const text = readCorpusFile('score-compose/internal/command/init-DefaultScoreFileContent.score.yaml');
    const parsed = parseYamlDocument(text, 'score.yaml');
    expect(parsed.value).toMatchObject({ apiVersion: 'score.dev/v1b1', metadata: { name: 'hello-world' } });
    expect(parsed.locate(['metadata', 'name'])).toEqual({ line: 9, col: 9 });

    // Empty documents (comments, bare ---) before the one document are fine; a second document
    // is an error at its line rather than silently ignored.
    const leading = parseYamlDocument('---\n---\n# only a comment\n---\nmetadata:\n  name: second\n', 'f.yaml');
    expect(leading.value).toEqual({ metadata: { name: 'second' } });
    expect(leading.locate(['metadata', 'name'])).toEqual({ line: 6, col: 9 });
    expect(() => parseYamlDocument('---\nmetadata:\n  name: second\n---\nmetadata: {name: third}\n', 'f.yaml')).toThrow(
      /line 5, column 1: expected one YAML document, found several/,
    );
  });
});
