// Semantic checks: placeholders, before and their problem paths. The reference loader's cases
// (unit_cases.yaml, score_go_loader_validate) are in test/acceptance/vectors/score-semantics.test.ts.
import { describe, expect, it } from 'vitest';
import { checkWorkloadSemantics } from '../../../src/score/semantics.js';
import { base, containersWithBefore, messages } from './semantics-fixtures.js';

describe('placeholder checks', () => {
  it('rejects escaped dots, slashes and unknown roots as the reference does', () => {
    const w = base({
      example: { image: 'x', variables: { A: '${metadata.a\\.b}', B: '${resources.db/x}', C: '${pod.metadata.name}' } },
    });
    expect(messages(w)).toEqual([
      'placeholder ${metadata.a\\.b} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
      'placeholder ${resources.db/x} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
      'placeholder ${pod.metadata.name} has unsupported first element of "pod"',
    ]);
  });

  it('checks params recursively, values only, with list indices in the path', () => {
    const w = base({ example: { image: 'x' } }, { db: { type: 't', params: { a: { b: ['ok', '${nope.x}'] } } } });
    expect(checkWorkloadSemantics(w)).toEqual([
      {
        path: ['resources', 'db', 'params', 'a', 'b', 1],
        message: 'placeholder ${nope.x} has unsupported first element of "nope"',
      },
    ]);
  });
});

describe('before checks', () => {
  it('points each before problem at its entry', () => {
    const problems = checkWorkloadSemantics(
      base(containersWithBefore({ a: { before: ['a', 'x'] }, b: { before: ['c'] }, c: { before: ['b'] } })),
    );
    expect(problems).toEqual([
      { path: ['containers', 'a', 'before', 'a'], message: 'container "a" has a self-referencing before entry' },
      { path: ['containers', 'a', 'before', 'x'], message: 'container "a" before refers to unknown container "x"' },
      { path: ['containers', 'c', 'before'], message: 'containers before relationships contain a cycle' },
    ]);
  });
});
