// Every schema case of the reference (score-go schema tests, 104 invalid and 26 valid mutations)
// through upgrade + our schema: valid ones pass, invalid ones fail, and where the reference
// names a JSON pointer one of our problems is at (or under) it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from '../../src/score/parse.js';
import { toJsonPointer } from '../../src/score/problem.js';
import { upgradeWorkload } from '../../src/score/upgrade.js';
import { validateWorkloadSchema } from '../../src/score/validate.js';
import { corpusPath } from '../helpers/corpus.js';

const casesDir = corpusPath('invalid-and-edge-cases/score-go-schema');

interface CaseEntry {
  file: string;
  name: string;
  expected_error_contains: string;
}

const cases = JSON.parse(readFileSync(join(casesDir, 'cases.json'), 'utf8')) as CaseEntry[];

function header(text: string): { valid: boolean; pointer?: string } {
  const line = text.split('\n').find((l) => l.startsWith('# expected:')) ?? '';
  if (/# expected: VALID/.test(line)) return { valid: true };
  const pointer = /error contains: '(\/[^']*)'/.exec(line)?.[1];
  return pointer === undefined ? { valid: false } : { valid: false, pointer };
}

describe('score-go schema cases', () => {
  it('covers every case file in the folder', () => {
    const files = readdirSync(casesDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(130);
    expect(cases.map((c) => c.file).sort()).toEqual(files.sort());
  });

  for (const entry of cases) {
    it(`${entry.file}: ${entry.name}`, () => {
      const text = readFileSync(join(casesDir, entry.file), 'utf8');
      const expected = header(text);
      expect(expected.valid).toBe(entry.expected_error_contains === '');
      const raw = parseYamlDocument(text, entry.file).value as Record<string, unknown>;
      const problems = validateWorkloadSchema(upgradeWorkload(raw).value);
      if (expected.valid) {
        expect(problems).toEqual([]);
        return;
      }
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) expect(p.message).not.toBe('');
      if (expected.pointer !== undefined) {
        const pointer = expected.pointer;
        // The reference's check is "message contains pointer"; ours: a problem at or under it.
        const pointers = problems.map((p) => toJsonPointer(p.path));
        expect(
          pointers.some((ptr) => ptr === pointer || ptr.startsWith(`${pointer}/`)),
          `${pointers.join(', ')} vs ${pointer}`,
        ).toBe(true);
      }
    });
  }
});
