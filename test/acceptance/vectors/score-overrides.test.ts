// The reference's override_property vectors (score-compose-tests/unit_cases.yaml): dot paths and writes.
import { describe, expect, it } from 'vitest';
import { deletePath, parseDotPath, setPath } from '../../../src/score/overrides.js';
import { unitCases } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';

const vectors = unitCases('override_property') as {
  parse_dot_path: Record<string, string[]>;
  write: { spec: string; path: string[]; set?: unknown; delete?: boolean; out?: string; error?: string }[];
};

describe('parseDotPath (unit_cases.yaml)', () => {
  const entries = Object.entries(vectors.parse_dot_path);
  it('has vectors', () => expect(entries.length).toBeGreaterThan(3));
  for (const [input, parts] of entries) {
    it(JSON.stringify(input), () => expect(parseDotPath(input)).toEqual(parts));
  }
});

describe('setPath / deletePath (unit_cases.yaml)', () => {
  it('has vectors', () => expect(vectors.write.length).toBeGreaterThan(5));
  for (const c of vectors.write) {
    it(`${c.spec} ${c.delete ? 'delete' : 'set'} ${c.path.join('.')}`, () => {
      const spec = JSON.parse(c.spec) as Record<string, unknown>;
      const before = structuredClone(spec);
      const run = () => (c.delete ? deletePath(spec, c.path) : setPath(spec, c.path, c.set));
      if (c.error !== undefined) expect(thrown(run).message).toBe(c.error);
      else expect(run()).toEqual(JSON.parse(c.out as string));
      expect(spec).toEqual(before);
    });
  }
});
