import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { renderTemplate } from '../../../src/provisioners/template/engine.js';
import { templateHelpers } from '../../../src/provisioners/template/helpers.js';
import { ALPHABETS } from '../../../src/provisioners/template/helpers/random.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, randomInt: vi.fn(actual.randomInt), randomUUID: vi.fn(actual.randomUUID) };
});

const r = (source: string, data: unknown = {}) => renderTemplate(source, data, 'h');

describe('string helpers', () => {
  const cases: Array<[string, unknown, string]> = [
    ['{{quote "a\\"b"}} {{quote 5}}', {}, '"a\\"b" "5"'],
    ['{{quote s}}', { s: 'line\nnext' }, '"line\\nnext"'],
    ['{{squote s}}', { s: "it's" }, "'it''s'"],
    ['{{lower "AbC"}}{{upper "aBc"}}', {}, 'abcABC'],
    ['{{replace "." "-" "w.r.x"}}', {}, 'w-r-x'],
    ['{{trimSuffix "/" "/a/"}} {{trimPrefix "/" "/a/"}} [{{trim "  x "}}]', {}, '/a a/ [x]'],
    ['{{indent 2 s}}', { s: 'a\nb' }, '  a\n  b'],
    ['x:{{nindent 2 s}}', { s: 'a\nb' }, 'x:\n  a\n  b'],
    ['{{cat "a" n 1 "b"}}', { n: null }, 'a 1 b'],
    ['{{join "," l}}', { l: ['a', 1, true] }, 'a,1,true'],
    ['{{#each (splitList "," "a,b")}}[{{this}}]{{/each}} {{len (split ":" "a:b:c")}}', {}, '[a][b] 3'],
    ['{{regexMatch "^[a-z]+$" "abc"}} {{regexMatch "(?i)^ABC$" "abc"}} {{regexMatch "^/" "x"}}', {}, 'true true false'],
    ['{{regexReplaceAll "(a)(b)" "abab" "${2}$1"}}', {}, 'baba'],
    ['{{atoi "42"}} {{atoi "x"}} {{add (atoi "1") 1}}', {}, '42 0 2'],
    [
      '{{printf "%s-%d-%v-%q-%05.1f-%t-%x-%%-%-3s|" "a" 7 l "q" 3.14159 true 255 "b"}}',
      { l: [1, 2] },
      'a-7-[1 2]-"q"-003.1-true-ff-%-b  |',
    ],
    ['{{printf "%s %s" "only"}}', {}, 'only %!s(MISSING)'],
    ['{{print "a" 1 2 "b"}}', {}, 'a1 2b'],
    ['{{contains "b" "abc"}} {{hasPrefix "a" "abc"}} {{hasSuffix "c" "abc"}} {{toString 5}}', {}, 'true true true 5'],
  ];
  for (const [source, data, expected] of cases) it(source, () => expect(r(source, data)).toBe(expected));
});

describe('collection helpers', () => {
  const data = { State: { a: { b: 'x', n: null } }, L: [1, 2, 3], M: { b: 2, a: 1 } };
  const cases: Array<[string, string]> = [
    [
      '{{dig "a" "b" "d" State}} {{dig "a" "c" "d" State}} {{dig "a" "n" "d" State}} {{dig "a" "b" "c" "d" State}} {{dig "x" "d" Missing}}',
      'x d d d d',
    ],
    [
      '{{default "d" ""}} {{default "d" 0}} {{default "d" "v"}} {{default "d" (list)}} {{default "d" (dict)}}',
      'd d v d d',
    ],
    ['{{toJson (dict "b" 1 "a" (list 1 "x"))}}', '{"a":[1,"x"],"b":1}'],
    ['{{toJson (append L 4)}} {{toJson L}}', '[1,2,3,4] [1,2,3]'],
    [
      '{{toJson (merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 2)))}}',
      '{"a":1,"b":3,"n":{"x":1,"y":2}}',
    ],
    ['{{toJson (set M "c" 3)}} {{toJson M}}', '{"a":1,"b":2,"c":3} {"a":1,"b":2}'],
    ['{{toJson (unset M "a")}}', '{"b":2}'],
    ['{{toJson (keys M (dict "c" 1))}} {{toJson (values M)}}', '["a","b","c"] [1,2]'],
    ['{{index M "a"}} {{index L 1}} {{index L "2"}} [{{index L 9}}] {{index State "a" "b"}}', '1 2 3 [] x'],
    ['{{len L}} {{len M}} {{len "abc"}} {{len Missing}}', '3 2 3 0'],
    ['{{first L}} {{last L}} [{{first (list)}}]', '1 3 []'],
    ['{{has 2 L}} {{has 9 L}} {{hasKey M "a"}} {{hasKey M "z"}}', 'true false true false'],
    ['{{empty (dict)}} {{empty L}} {{coalesce "" 0 "x"}}', 'true false x'],
  ];
  for (const [source, expected] of cases) it(source, () => expect(r(source, data)).toBe(expected));

  it('index converts numeric keys for maps (a numeric port param works)', () => {
    expect(r('{{index Ports 80}}', { Ports: { 80: 'web' } })).toBe('web');
  });
});

describe('logic and arithmetic helpers', () => {
  const cases: Array<[string, string]> = [
    ['{{eq 1 1}} {{eq "a" "b" "a"}} {{eq 1 "1"}} {{ne 1 2}}', 'true true false true'],
    ['{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}', 'true true true false'],
    ['{{and 1 "x"}} [{{and 1 ""}}] {{or "" 0 "y"}} {{or "" 0}} {{not ""}} {{not (dict "a" 1)}}', 'x [] y 0 true false'],
    ['{{add 1 2 3}} {{sub 5 2}} {{mul 2 3}} {{div 7 2}} {{div 7.5 2}} {{mod 7 3}} {{add "2" 1}}', '6 3 6 3 3.75 1 3'],
    ['{{ternary "y" "n" true}}{{ternary "y" "n" 0}}', 'yn'],
  ];
  for (const [source, expected] of cases) it(source, () => expect(r(source)).toBe(expected));

  it('rejects bad arithmetic and comparisons', () => {
    expect(() => r('{{div 1 0}}')).toThrow('error calling div: div: division by zero');
    expect(() => r('{{lt 1 "a"}}')).toThrow('incompatible types for comparison');
  });
});

describe('block helpers', () => {
  it('if/unless/with use Go truthiness (empty map and 0 are false)', () => {
    expect(
      r('{{#if M}}y{{else}}n{{/if}}{{#if Z}}y{{else}}n{{/if}}{{#if L}}y{{else}}n{{/if}}{{#unless M}}u{{/unless}}', {
        M: {},
        Z: 0,
        L: [0],
      }),
    ).toBe('nnyu');
    expect(
      r('{{#with M}}{{a}}{{else}}none{{/with}} {{#with E as |e|}}x{{else}}none{{/with}}', { M: { a: 1 }, E: {} }),
    ).toBe('1 none');
  });

  it('each and eachSorted walk maps in sorted key order, with @first/@last and else', () => {
    const M = { zeta: 1, alpha: 2, mid: 3 };
    expect(r('{{#each M}}{{@index}}{{@key}}{{#if @first}}^{{/if}}{{#if @last}}${{/if}} {{/each}}', { M })).toBe(
      '0alpha^ 1mid 2zeta$ ',
    );
    expect(r('{{#eachSorted M as |v k|}}{{k}}={{v}};{{/eachSorted}}', { M })).toBe('alpha=2;mid=3;zeta=1;');
    expect(r('{{#each E}}x{{else}}empty{{/each}}', { E: {} })).toBe('empty');
  });

  it('must be used as blocks', () => {
    expect(() => r('{{each x}}', { x: [1] })).toThrow('each must be used as a block');
    expect(() => r('{{#each x y}}{{/each}}', { x: [1] })).toThrow('#each requires exactly one argument');
  });
});

describe('encoding helpers', () => {
  const cases: Array<[string, unknown, string]> = [
    ['{{toJson v}}', { v: { b: '<a&b>', a: 1 } }, '{"a":1,"b":"\\u003ca\\u0026b\\u003e"}'],
    ['{{toRawJson v}}', { v: { b: '<a&b>', a: 1 } }, '{"a":1,"b":"<a&b>"}'],
    ['{{toYaml v}}', { v: { b: [1], a: 'x' } }, 'a: x\nb:\n  - 1'],
    ['{{#with (fromJson "{\\"a\\":[1]}")}}{{len a}}{{/with}}', {}, '1'],
    ['{{b64enc "hello"}} {{b64dec "aGVsbG8="}}', {}, 'aGVsbG8= hello'],
    ['{{sha256sum "abc"}}', {}, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ];
  for (const [source, data, expected] of cases) it(source, () => expect(r(source, data)).toBe(expected));
  it('fromJson rejects invalid JSON', () =>
    expect(() => r('{{fromJson "nope"}}')).toThrow('error calling fromJson: fromJson:'));
});

describe('random helpers', () => {
  const alphabet = (s: string) => new RegExp(`^[${s.replace(/[-\]\\^]/g, '\\$&')}]+$`);

  it('have the documented alphabet and length', () => {
    for (let i = 0; i < 20; i++) {
      expect(r('{{randAlphaNum 16}}')).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(r('{{randAlpha 8}}')).toMatch(/^[A-Za-z]{8}$/);
      expect(r('{{randLowerAlphaNum 6}}')).toMatch(/^[a-z0-9]{6}$/);
      expect(r('{{randNumeric 4}}')).toMatch(/^\d{4}$/);
      const pw = r('{{randPassword}}');
      expect(pw).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/\d/);
    }
    expect(r('{{randPassword 24}}')).toHaveLength(24);
    expect(r('{{uuid}}')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ALPHABETS.alphaNum).toMatch(alphabet(ALPHABETS.alphaNum));
    expect(new Set(ALPHABETS.alphaNum).size).toBe(62);
  });

  it('draw from node:crypto', () => {
    const randomInt = vi.mocked(crypto.randomInt);
    randomInt.mockClear();
    r('{{randAlphaNum 10}}');
    expect(randomInt).toHaveBeenCalledTimes(10);
    expect(randomInt).toHaveBeenCalledWith(62);
    vi.mocked(crypto.randomUUID).mockClear();
    r('{{uuid}}');
    expect(crypto.randomUUID).toHaveBeenCalledTimes(1);
  });

  it('cover the whole alphabet (no bias towards a subset)', () => {
    const seen = new Set(r('{{randAlphaNum 4000}}'));
    expect(seen.size).toBe(62);
  });
});

describe('the helper set', () => {
  it('covers every helper the reference provisioners use, each documented in docs/template-helpers.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/template-helpers.md', import.meta.url), 'utf8');
    const required = [
      'dig',
      'default',
      'quote',
      'squote',
      'randAlphaNum',
      'randAlpha',
      'randLowerAlphaNum',
      'randPassword',
      'uuid',
      'lower',
      'upper',
      'replace',
      'trimSuffix',
      'trimPrefix',
      'indent',
      'nindent',
      'cat',
      'join',
      'split',
      'splitList',
      'regexMatch',
      'regexReplaceAll',
      'atoi',
      'toJson',
      'toRawJson',
      'toYaml',
      'fromJson',
      'b64enc',
      'b64dec',
      'sha256sum',
      'dict',
      'list',
      'append',
      'merge',
      'set',
      'keys',
      'values',
      'index',
      'len',
      'last',
      'first',
      'has',
      'hasKey',
      'printf',
      'print',
      'eq',
      'ne',
      'lt',
      'gt',
      'le',
      'ge',
      'and',
      'or',
      'not',
      'add',
      'sub',
      'mul',
      'div',
      'mod',
      'fail',
      'each',
      'eachSorted',
      'if',
      'unless',
      'with',
    ];
    for (const name of required) expect(templateHelpers, name).toHaveProperty(name);
    for (const name of Object.keys(templateHelpers)) expect(doc, `docs mention ${name}`).toContain(`\`${name}`);
  });
});
