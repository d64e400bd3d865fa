import { describe, expect, it } from 'vitest';
import { chooseEngine, chooseTemplateEngine } from '../../../src/provisioners/template/engine-choice.js';
import { loadProvisioner } from './fixtures.js';

describe('engine choice', () => {
  it.each([
    ['{{ .State.x }}', 'go'],
    ['{{ $v := 1 }}{{ $v }}', 'go'],
    ['{{ x | upper }}', 'go'],
    ['{{- x -}}', 'go'],
    ['{{ if x }}y{{ end }}', 'go'],
    ['{{/* a comment: this is ../ not #handlebars */}}{{ .x }}', 'go'],
    ['{{#if x}}y{{/if}}', 'handlebars'],
    ['{{ State.x }}', 'handlebars'],
    ['{{ upper Id }}', 'handlebars'],
    ['{{#each m as |v k|}}{{k}}{{/each}}', 'handlebars'],
    ['{{~ x ~}}', 'handlebars'],
    ['{{ this }}', 'handlebars'],
  ])('%s is %s', (text, engine) => {
    expect(chooseEngine({ outputs: text })).toEqual({ engine, how: 'detected' });
  });

  it('plain text and templates both languages read alike are Handlebars by default', () => {
    for (const text of ['a: b', '{{ uuid }}', 'x: {{ randAlphaNum 6 }}', '{{else}}', '{{ quote ".State.x | up" }}'])
      expect(chooseEngine({ outputs: text })).toEqual({ engine: 'handlebars', how: 'default' });
  });

  it('one engine per entry: one field of either language decides, both is an error naming each', () => {
    expect(chooseEngine({ init: 'a: 1', outputs: '{{ .Id }}' }).engine).toBe('go');
    expect(() => chooseEngine({ init: 'a: {{ .Uid }}', outputs: 'b: 1\n{{#if x}}y{{/if}}' })).toThrow(
      'templates mix Go and Handlebars syntax: init:1:4: {{ .Uid }} (a Go field reference starting with `.`) is Go, ' +
        'outputs:2:1: {{#if x}} (a Handlebars block `{{#`) is Handlebars',
    );
  });

  it('template_engine on an entry overrides the syntax, and must name an engine', () => {
    const forced = loadProvisioner('uri: template://x\ntype: t\ntemplate_engine: go\noutputs: "a: {{ uuid }}"');
    expect(forced.engine).toBe('go');
    expect(loadProvisioner('uri: template://x\ntype: t\noutputs: "a: {{ uuid }}"').engine).toBe('handlebars');
    expect(() => loadProvisioner('uri: template://x\ntype: t\ntemplate_engine: jinja')).toThrow(
      "template_engine: unknown template engine 'jinja'",
    );
  });

  it("a patch template's first-line comment overrides the syntax", () => {
    expect(chooseTemplateEngine('{{/* engine: go */}}\n- {{ uuid }}', 'p')).toEqual({ engine: 'go', how: 'explicit' });
    expect(chooseTemplateEngine('{{!-- engine: handlebars --}}\n{{ .x }}', 'p')).toEqual({
      engine: 'handlebars',
      how: 'explicit',
    });
    expect(chooseTemplateEngine('{{- /* engine: Go */ -}}', 'p').engine).toBe('go');
    expect(() => chooseTemplateEngine('{{ .x }}{{#if y}}{{/if}}', 'patch template 2')).toThrow(
      /^templates mix Go and Handlebars syntax: patch template 2:1:1: /,
    );
  });
});
