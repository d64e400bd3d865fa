// --publish: every error of the reference's TestGeneratePublishPorts table
// (score-compose-tests/generate_test.steps.yaml, shared corpus).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyPublish } from '../../../src/assemble/publish.js';
import { readCorpusFile } from '../../helpers/corpus.js';
import { ctx, project } from '../../unit/assemble/publish-fixtures.js';

interface Step {
  test?: string;
  table_cases?: { arg: string; expected_error: string }[];
}
const steps = parse(readCorpusFile('score-compose-tests/generate_test.steps.yaml')) as Step[];
const tableCases = steps.find((s) => s.test === 'TestGeneratePublishPorts')?.table_cases ?? [];

describe('applyPublish', () => {
  it('has the corpus error table', () => expect(tableCases.length).toBe(7));
  for (const tc of tableCases) {
    it(`rejects ${tc.arg}`, () => {
      expect(() => applyPublish(project(), [tc.arg], ctx)).toThrow(tc.expected_error);
      try {
        applyPublish(project(), [tc.arg], ctx);
      } catch (err) {
        expect((err as Error).message).toBe(tc.expected_error);
      }
    });
  }
});
