// The reference loader's semantic cases (score-compose-tests/unit_cases.yaml, score_go_loader_validate):
// placeholders, before and metadata.name.
import { describe, expect, it } from 'vitest';
import { checkWorkloadSemantics } from '../../../src/score/semantics.js';
import { unitCases } from '../../helpers/corpus.js';
import { base, containersWithBefore, messages, type Obj } from '../../unit/score/semantics-fixtures.js';

const loader = unitCases('score_go_loader_validate') as {
  placeholders: Record<string, unknown>[];
  before: Record<string, unknown>[];
  metadata_name: Record<string, unknown>[];
};

describe('placeholder checks (reference loader cases)', () => {
  const single = loader.placeholders.filter((c) => 'variables' in c && 'error_contains' in c);
  it('has the single-variable cases', () => expect(single.length).toBe(4));

  for (const c of single) {
    it(String(c['error_contains']), () => {
      const w = base({ example: { image: 'x', variables: c['variables'] } });
      const problems = checkWorkloadSemantics(w);
      expect(problems.length).toBe(1);
      expect(problems[0]?.message).toContain(String(c['error_contains']));
      expect(problems[0]?.path).toEqual(['containers', 'example', 'variables', 'INVALID']);
    });
  }

  it('reports every placeholder problem of the "multiple" case, each at its field', () => {
    const multiple = loader.placeholders.find((c) => 'multiple' in c)?.['multiple'] as Obj;
    const w = base(
      {
        example: {
          image: 'x',
          files: multiple['files'],
          variables: multiple['variables'],
          volumes: multiple['volumes'],
        },
      },
      multiple['resources'] as Obj,
    );
    const problems = checkWorkloadSemantics(w);
    for (const expected of multiple['error_contains_all'] as string[]) {
      expect(
        problems.some((p) => p.message.includes(expected)),
        expected,
      ).toBe(true);
    }
    // Our hints and the placeholder text (for its column) come on top of the reference's messages.
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: ['containers', 'example', 'files', '/usr/local/two', 'content'],
        message:
          'placeholder ${resources.no-exist.value} does not resolve to a resource, no resource with name "no-exist"',
      },
      {
        path: ['containers', 'example', 'variables', 'VAR_ONE'],
        message:
          'placeholder ${invalid!} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
      },
      {
        path: ['containers', 'example', 'volumes', '/mnt/one', 'source'],
        message:
          'placeholder ${resources.another-no-exist} does not resolve to a resource, no resource with name "another-no-exist"',
      },
      {
        path: ['resources', 'res-two', 'params', 'var'],
        message:
          'placeholder ${resources.yet-another-no-exist.value} does not resolve to a resource, no resource with name "yet-another-no-exist"',
      },
    ]);
  });

  it('ignores escapes and noExpand files, and accepts metadata and declared resources', () => {
    expect(loader.placeholders.some((c) => 'valid_note' in c)).toBe(true);
    const w = base(
      {
        example: {
          image: 'x',
          variables: { A: '$${this is invalid}', B: '${metadata.name}', C: 'x ${resources.db.host} $$' },
          files: { '/a': { content: '${this is invalid}', noExpand: true }, '/b': { source: '${not.checked here}' } },
        },
      },
      { db: { type: 'postgres', params: { nested: [{ deep: '${resources.db.port}' }], '${key.is not checked}': 1 } } },
    );
    expect(checkWorkloadSemantics(w)).toEqual([]);
  });
});

describe('before checks (reference loader cases)', () => {
  const failing = loader.before.filter((c) => 'containers' in c);
  for (const c of failing) {
    const expected = (c['error_contains_all'] as string[] | undefined) ?? [String(c['error_contains'])];
    it(expected.join(' + '), () => {
      const got = messages(base(containersWithBefore(c['containers'] as Obj)));
      for (const e of expected) expect(got).toContain(e);
    });
  }

  it('accepts the valid shapes', () => {
    const shapes: Record<string, Obj> = {
      'no before': { a: {}, b: {} },
      'a->b->c': { a: { before: ['b'] }, b: { before: ['c'] }, c: {} },
      'diamond a->{b,c}->d': { a: { before: ['b', 'c'] }, b: { before: ['d'] }, c: { before: ['d'] }, d: {} },
    };
    const listed = loader.before.find((c) => 'valid' in c)?.['valid'] as string[];
    expect(Object.keys(shapes).sort()).toEqual([...listed].sort());
    for (const shape of Object.values(shapes)) expect(messages(base(containersWithBefore(shape)))).toEqual([]);
  });
});

describe('metadata.name checks (reference loader cases)', () => {
  for (const c of loader.metadata_name) {
    it(`${JSON.stringify(c['metadata'])} → ${String(c['error_contains'])}`, () => {
      const w = { apiVersion: 'score.dev/v1b1', metadata: c['metadata'], containers: { a: { image: 'x' } } };
      expect(messages(w)).toEqual([c['error_contains']]);
    });
  }
});
