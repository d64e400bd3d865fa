import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, usePartialsDirectory } from '../../../src/provisioners/template/engine.js';
import { thrown as errorOf } from '../../helpers/thrown.js';

describe('renderTemplate basics', () => {
  it('does not HTML-escape and prints lists and maps as JSON', () => {
    expect(renderTemplate('{{a}} {{{a}}}', { a: '<&"\'>' }, 't')).toBe('<&"\'> <&"\'>');
    expect(renderTemplate('{{m}} {{l}} {{n}}', { m: { b: 1, a: [true] }, l: ['x'], n: null }, 't')).toBe(
      '{"a":[true],"b":1} ["x"] ',
    );
  });

  it('renders twice from the cache with different data', () => {
    expect(renderTemplate('v={{v}}', { v: 1 }, 't')).toBe('v=1');
    expect(renderTemplate('v={{v}}', { v: 2 }, 't')).toBe('v=2');
  });

  it('is strict for printed values but lenient inside helpers and blocks', () => {
    const missing = errorOf(() => renderTemplate('a\n  {{ State.x.y }}', { State: {} }, 'tpl'));
    expect(missing.code).toBe('provision');
    expect(missing.message).toBe('failed to execute template: tpl:2:3: "State.x.y" is not defined');
    expect(missing.hint).toContain('{{default "<fallback>" State.x.y}}');
    expect(renderTemplate('{{#if Params.x.y}}y{{else}}n{{/if}}', { Params: null }, 't')).toBe('n');
    expect(renderTemplate('{{default "d" Params.x}}', { Params: null }, 't')).toBe('d');
    expect(renderTemplate('{{dig "a" "b" "d" State}}', { State: { a: 1 } }, 't')).toBe('d');
  });

  it('treats an explicit null as empty, not missing', () => {
    expect(renderTemplate('[{{ State.x }}]', { State: { x: null } }, 't')).toBe('[]');
  });

  it('has no prototype access', () => {
    expect(() => renderTemplate('{{ State.constructor }}', { State: {} }, 't')).toThrow(
      '"State.constructor" is not defined',
    );
    expect(renderTemplate('{{#if State.__proto__}}leak{{/if}}{{lookup State "constructor"}}', { State: {} }, 't')).toBe(
      '',
    );
  });

  it('keeps block params and helper names apart', () => {
    expect(renderTemplate('{{#each L as |item index|}}{{index}}={{item}};{{/each}}', { L: ['a', 'b'] }, 't')).toBe(
      '0=a;1=b;',
    );
    expect(
      renderTemplate('{{#each M}}{{@key}}:{{this}}{{#unless @last}},{{/unless}}{{/each}}', { M: { b: 2, a: 1 } }, 't'),
    ).toBe('a:1,b:2');
  });
});

// Each call gets only the helpers its template names (engine.ts): names anywhere in it count.
describe('the helpers a template is called with', () => {
  it('include those named only in blocks, sub-expressions, hashes and else-chains', () => {
    const source =
      '{{#each xs}}{{upper (lower this)}}{{/each}}|{{#if no}}x{{else if yes}}{{default "d" (trim " ")}}{{/if}}|' +
      '{{#with m}}{{toJson (dict "k" (upper v))}}{{/with}}';
    expect(renderTemplate(source, { xs: ['a', 'B'], yes: true, m: { v: 'q' } }, 't')).toBe('AB|d|{"k":"Q"}');
  });

  it('leave a data field that shares a helper name to the helper, as before', () => {
    expect(renderTemplate('{{ upper }}', { upper: 'data' }, 't')).toBe(renderTemplate('{{ upper }}', {}, 't2'));
  });
});

describe('errors', () => {
  it('reports parse errors on one line with the position', () => {
    expect(errorOf(() => renderTemplate('ok\n{{#if}}', {}, 'tpl')).message).toMatch(
      /^failed to parse template: tpl:2: unexpected end of template near /,
    );
    expect(errorOf(() => checkTemplate('{{#if a}}x{{/each}}', 'tpl')).message).toBe(
      "failed to parse template: tpl:1:4: if doesn't match each",
    );
  });

  it('rejects unknown helpers when parsing, like Go templates', () => {
    expect(() => checkTemplate('{{ what is this }}', 'p')).toThrow(
      'failed to parse template: p:1:1: function "what" not defined',
    );
    expect(() => checkTemplate('{{ upper (nope 1) }}', 'p')).toThrow('function "nope" not defined');
    expect(() => checkTemplate('{{ upper x }} {{ x }}', 'p')).not.toThrow();
  });

  it('ends a fail message with the given text and includes the position', () => {
    const err = errorOf(() =>
      renderTemplate('a: 1\n{{#if (not Params.w)}}{{fail "unknown workload"}}{{/if}}', { Params: {} }, 'tpl'),
    );
    expect(err.message).toBe('failed to execute template: tpl:2:23: error calling fail: unknown workload');
    expect(err.location).toEqual({ file: 'tpl', line: 2, col: 23 });
  });

  it('wraps helper errors with the helper name', () => {
    expect(() => renderTemplate('{{ randAlphaNum "x" }}', {}, 't')).toThrow(
      'failed to execute template: t:1:1: error calling randAlphaNum: randAlphaNum: expected a number',
    );
  });
});

describe('Go template syntax detection', () => {
  const goTemplates = [
    '{{ .Foo }}',
    'a: {{ .State.x }}',
    '{{ if .X }}y{{ end }}',
    '{{- if x -}}',
    '{{ range $k, $v := .Shared }}{{ end }}',
    '{{ $x := index .WorkloadServices .Params.workload }}',
    '{{ dig "name" .Init.randomVolumeName .State }}',
    '{{ State.b | upper }}',
    '{{ end }}',
  ];
  for (const source of goTemplates) {
    it(`refuses ${source}`, () => {
      const err = errorOf(() => renderTemplate(source, {}, 'tpl'));
      expect(err.message).toMatch(
        /^failed to parse template: tpl:1:\d+: .* is Go template syntax .*must be re-authored in Handlebars$/,
      );
      expect(err.hint).toContain('`{{ .State.x }}` → `{{ State.x }}`');
      expect(err.hint).toContain('{{#if X}}');
    });
  }

  it('points at the first Go construct', () => {
    expect(errorOf(() => checkTemplate('ok: {{ x }}\nbad: {{ .State.y }}', 'tpl')).message).toMatch(
      /^failed to parse template: tpl:2:6: \{\{ \.State\.y \}\}/,
    );
  });

  const handlebars = [
    '{{#if a}}x{{else if b}}y{{else}}z{{/if}}',
    '{{~x~}}',
    '{{#each l as |v k|}}{{k}}{{/each}}',
    '{{../x}} {{./y}} {{this.z}} {{@root.w}}',
    '{{!-- {{ .Go }} in a comment --}}',
    '{{quote "a .b $c - | d"}}',
  ];
  for (const source of handlebars) {
    it(`accepts ${source}`, () => expect(() => checkTemplate(source, 't')).not.toThrow());
  }
});

describe('partials', () => {
  let dir = '';
  afterAll(() => usePartialsDirectory(new URL('../../../templates/partials/', import.meta.url)));

  it('registers every .hbs file by base name, indented like the call', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sct-partials-'));
    await writeFile(join(dir, 'conf-file.hbs'), 'port {{port}}\nname {{upper name}}\n');
    await writeFile(join(dir, 'broken.hbs'), '{{ .Go }}');
    await writeFile(join(dir, 'ignored.txt'), 'x');
    usePartialsDirectory(dir);
    expect(renderTemplate('files:\n  a: |\n    {{> conf-file this}}\n', { port: 80, name: 'x' }, 't')).toBe(
      'files:\n  a: |\n    port 80\n    name X\n',
    );
  });

  it('fails only templates that use a broken partial', () => {
    expect(renderTemplate('fine', {}, 't')).toBe('fine');
    expect(() => renderTemplate('{{> broken}}', {}, 't')).toThrow(
      'failed to parse template: partial broken:1:1: {{ .Go }} is Go template syntax',
    );
    expect(() => renderTemplate('{{> ignored}}', {}, 't')).toThrow('The partial ignored could not be found');
  });
});
