// locate(path, atKey, text): the position of a text (a placeholder) inside a scalar, in every
// scalar style, and the usual position when the text is not there as written.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/yaml/yaml.js';

const TEXT = [
  'a:', // 1
  '  block: |', // 2
  '    line one', // 3
  '    x ${resources.db.host', // 4
  '  folded: >-', // 5
  '    folded ${x.y}', // 6
  '    more', // 7
  "  single: 'it''s ${m.n}'", // 8
  '  double: "tab\\t ${q.r}"', // 9
  '  plain: plain ${s.t} end', // 10
  '  list: [one, "two ${u.v}"]', // 11
  '',
].join('\n');

describe('locate with a text inside the value', () => {
  const doc = parseYaml(TEXT, { source: 'f.yaml' });

  it.each([
    [['a', 'block'], '${resources.db.host', { line: 4, col: 7 }],
    [['a', 'folded'], '${x.y}', { line: 6, col: 12 }],
    [['a', 'single'], '${m.n}', { line: 8, col: 18 }],
    [['a', 'double'], '${q.r}', { line: 9, col: 18 }],
    [['a', 'plain'], '${s.t}', { line: 10, col: 16 }],
    [['a', 'list', 1], '${u.v}', { line: 11, col: 20 }],
  ])('%j: %s', (path, text, want) => {
    expect(doc.locate(path, false, text)).toEqual(want);
  });

  it('falls back to the value when the text is not in its source as written', () => {
    expect(doc.locate(['a', 'plain'], false, '${other}')).toEqual(doc.locate(['a', 'plain']));
    expect(doc.locate(['a', 'plain'])).toEqual({ line: 10, col: 10 });
  });

  it('does not search a parent when the path is not in the document', () => {
    // `a` holds `plain ${s.t}`, but the path names a field that does not exist: the parent's key.
    expect(doc.locate(['a', 'missing'], false, '${s.t}')).toEqual({ line: 1, col: 1 });
  });
});
