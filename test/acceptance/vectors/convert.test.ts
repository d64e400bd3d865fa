// Every case of score-compose's TestScoreConvert (shared corpus convert_test.cases.yaml).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { convertWorkload } from '../../../src/convert/workload.js';
import type { Workload } from '../../../src/score/types.js';
import { readCorpusFile } from '../../helpers/corpus.js';
import { corpusBindings } from '../../unit/convert/fake-resources.js';

interface CorpusCase {
  name: string;
  workload: string;
  expected_services?: string;
  expected_error_contains?: string;
  expected_accessed_vars?: Record<string, string>;
}

const file = parse(readCorpusFile('score-compose-tests/convert_test.cases.yaml')) as {
  cases: CorpusCase[];
};

/** The mysql case is written as "same as previous but ..."; rebuild it from the previous case. */
function materialise(cases: CorpusCase[]): { c: CorpusCase; workload: Workload; expected?: unknown }[] {
  return cases.map((c, i) => {
    if (!c.workload.trim().startsWith('(same')) {
      return {
        c,
        workload: parse(c.workload) as Workload,
        expected: c.expected_services ? parse(c.expected_services) : undefined,
      };
    }
    const prev = cases[i - 1] as CorpusCase;
    const swap = (s: string): string => s.replace('postgresql://', 'mysql://');
    return {
      c: { ...c, expected_accessed_vars: prev.expected_accessed_vars },
      workload: parse(swap(prev.workload)) as Workload,
      expected: parse(swap(prev.expected_services as string)),
    };
  });
}

/**
 * Our one deliberate deviation from these goldens: a container that must start before the
 * primary keeps its own network namespace. The reference gives it `network_mode:
 * service:<primary>`, which with the inverse depends_on is a cycle `docker compose` rejects.
 */
function withoutNamespaceCycles(workload: Workload, expected: unknown): unknown {
  if (!expected || typeof expected !== 'object') return expected;
  const services = structuredClone(expected) as Record<string, Record<string, unknown>>;
  for (const [name, container] of Object.entries(workload.containers)) {
    const service = services[`${workload.metadata.name}-${name}`];
    if (service && container.before && Object.keys(container.before).length > 0) delete service.network_mode;
  }
  return services;
}

function run(workload: Workload) {
  const { bindings, accessed } = corpusBindings(workload);
  const result = () =>
    convertWorkload({
      workload: { ...workload, apiVersion: workload.apiVersion ?? 'score.dev/v1b1' },
      projectDir: '/nonexistent',
      resources: bindings,
      mountsDirectory: '.score-compose/mounts',
      readFile: () => {
        throw new Error('no file reads expected');
      },
    });
  return { result, accessed };
}

describe('convert corpus cases', () => {
  const cases = materialise(file.cases);
  it('covers every case of the corpus file', () => {
    expect(cases.length).toBe(file.cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  for (const { c, workload, expected } of cases) {
    it(c.name, () => {
      const { result, accessed } = run(workload);
      if (c.expected_error_contains !== undefined) {
        expect(result).toThrow(c.expected_error_contains);
        expect(result).toThrow(`failed to convert workload '${workload.metadata.name}' to Docker compose: `);
        return;
      }
      const out = result();
      expect(out.services).toEqual(withoutNamespaceCycles(workload, expected));
      expect(out.mountFiles).toEqual([]);
      if (c.expected_accessed_vars) expect(accessed()).toEqual(Object.keys(c.expected_accessed_vars).sort());
    });
  }
});
