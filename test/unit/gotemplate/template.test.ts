// The Go template engine on its own (the oracle tier compares it with Go itself): behaviour of
// Go 1.22+ that the 1.19 oracle lacks, the value model, and the error classes.
import { describe, expect, it } from 'vitest';
import { TemplateExecError } from '../../../src/gotemplate/exec.js';
import { TemplateParseError } from '../../../src/gotemplate/parser.js';
import { GoTemplate } from '../../../src/gotemplate/template.js';
import { renderWithTs } from '../../oracle/differential.js';
import { STANDARD_DATA, TEMPLATE_CASES } from '../../oracle/template-cases.js';

describe('Go 1.22+ behaviour', () => {
  it.each(TEMPLATE_CASES.filter((c) => c.newGo !== undefined).map((c) => [c.t, c] as const))('%s', (_t, c) => {
    expect(renderWithTs(c.t, c.d ?? STANDARD_DATA, c.mk).output).toBe(c.newGo);
  });
});

describe('GoTemplate', () => {
  it('renders plain data as Go would see it decoded from YAML', () => {
    const t = GoTemplate.parse('{{ .a }} {{ .b }} {{ .c }} {{ .d.e }} {{ .f }}');
    expect(t.execute({ a: 1, b: 1.5, c: [1, 'x'], d: { e: null }, f: { y: 2, x: 1 } })).toBe(
      '1 1.5 [1 x] <no value> map[x:1 y:2]',
    );
  });

  it('throws a parse error with the line', () => {
    expect(() => GoTemplate.parse('a\n{{ if .x }}')).toThrow(TemplateParseError);
    expect(() => GoTemplate.parse('a\n{{ if .x }}')).toThrow('template: :2: unexpected EOF');
  });

  it('throws an execution error with line and column, and the template name', () => {
    const t = GoTemplate.parse('x\n  {{ .a.b }}', { name: 'outputs' });
    expect(() => t.execute({ a: 'str' })).toThrow(TemplateExecError);
    expect(() => t.execute({ a: 'str' })).toThrow(
      'template: outputs:2:7: executing "outputs" at <.a.b>: can\'t evaluate field b in type interface {}',
    );
  });

  it('honours missingkey=error', () => {
    const t = GoTemplate.parse('{{ .nope }}', { missingKey: 'error' });
    expect(() => t.execute({})).toThrow('map has no entry for key "nope"');
  });
});
