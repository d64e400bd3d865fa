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
        hint: 'a placeholder is ${metadata.<key>} or ${resources.<name>.<output>}; write $${ for a literal ${',
        text: '${nope.x}',
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

describe('unterminated placeholders', () => {
  const variables = (value: string) =>
    base({ example: { image: 'x', variables: { DB: value } } }, { db: { type: 't' } });

  it('rejects a ${ that no } closes, in every substituted field, with the text to point at', () => {
    expect(checkWorkloadSemantics(variables('postgres://${resources.db.host:5432/app'))).toEqual([
      {
        path: ['containers', 'example', 'variables', 'DB'],
        message: 'placeholder ${resources.db.host is not closed, "}" is missing',
        hint: 'close it with "}" (${resources.db.host}), or write $${resources.db.host to keep it as text',
        text: '${resources.db.host',
      },
    ]);
    const w = base(
      {
        example: {
          image: 'x',
          files: { '/a': { content: 'x ${metadata.name' }, '/b': { content: '${x', noExpand: true } },
          volumes: { '/v': { source: '${resources.db' } },
        },
      },
      { db: { type: 't', params: { p: ['ok', 'a ${metadata.name b'] } } },
    );
    expect(checkWorkloadSemantics(w).map((p) => [p.path.join('.'), p.text])).toEqual([
      ['containers.example.files./a.content', '${metadata.name'],
      ['containers.example.volumes./v.source', '${resources.db'],
      ['resources.db.params.p.1', '${metadata.name'],
    ]);
  });

  it('leaves what the reference treats as text: a lone $, $NAME, escapes; a closed ${ is checked as usual', () => {
    for (const ok of ['cost: 5$', '$HOME/x', 'a $ b', '$${not a placeholder', '$$', '$${x}', '${metadata.name} $']) {
      expect(checkWorkloadSemantics(variables(ok)), ok).toEqual([]);
    }
    // An escape followed by an unclosed `${` is still unclosed.
    expect(messages(variables('$$${metadata.name'))).toEqual([
      'placeholder ${metadata.name is not closed, "}" is missing',
    ]);
    // `${a ${b}` closes at the first `}`: one malformed reference.
    expect(messages(variables('${a ${metadata.name}'))).toEqual([
      'placeholder ${a ${metadata.name} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
    ]);
  });
});

describe('placeholder hints', () => {
  it('suggests a declared resource for an unknown name, and lists them', () => {
    const w = base(
      { example: { image: 'x', variables: { A: '${resources.dbb.host}' } } },
      { db: { type: 't' }, cache: { type: 't' } },
    );
    expect(checkWorkloadSemantics(w)[0]?.hint).toBe("did you mean 'db'? the workload's resources are: cache, db");
    const none = base({ example: { image: 'x', variables: { A: '${resources.db.host}' } } });
    expect(checkWorkloadSemantics(none)[0]?.hint).toBe('the workload declares no resources');
  });

  it('suggests the root for an unsupported first element', () => {
    const w = base({ example: { image: 'x', variables: { A: '${resource.db.host}' } } }, { db: { type: 't' } });
    expect(checkWorkloadSemantics(w)[0]?.hint).toMatch(/^did you mean 'resources'\? /);
  });
});
