// parseYamlDocument on a real Score file of the shared corpus: the reference's init sample.
import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { readCorpusFile } from '../../helpers/corpus.js';

describe('parseYamlDocument', () => {
  it('takes the first non-empty document, like the init sample that starts with comments and ---', () => {
    const text = readCorpusFile('score-compose/internal/command/init-DefaultScoreFileContent.score.yaml');
    const parsed = parseYamlDocument(text, 'score.yaml');
    expect(parsed.value).toMatchObject({ apiVersion: 'score.dev/v1b1', metadata: { name: 'hello-world' } });
    expect(parsed.locate(['metadata', 'name'])).toEqual({ line: 9, col: 9 });

    const multi = parseYamlDocument(
      '---\n---\n# only a comment\n---\nmetadata:\n  name: second\n---\nmetadata: {name: third}\n',
      'f.yaml',
    );
    expect(parsed.value).not.toBe(multi.value);
    expect(multi.value).toEqual({ metadata: { name: 'second' } });
    expect(multi.locate(['metadata', 'name'])).toEqual({ line: 6, col: 9 });
  });
});
