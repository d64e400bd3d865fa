// Patch templates: the renderer is faked (it returns the template text as its output), so these
// tests cover parsing and applying operations; Handlebars itself is tested with the engine.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComposeProject } from '../../../src/compose/types.js';
import type { Workload } from '../../../src/score/types.js';

const rendered: { source: string; data: unknown; name: string }[] = [];
vi.mock('../../../src/provisioners/template/engine.js', () => ({
  renderTemplate: (source: string, data: unknown, name: string) => {
    rendered.push({ source, data, name });
    if (source.includes('BOOM')) throw new Error('template: boom');
    return source;
  },
}));
const { applyPatchTemplate } = await import('../../../src/assemble/patch.js');

const project = (): ComposeProject => ({
  name: '001',
  services: {
    'example-hello': {
      annotations: { 'compose.score.dev/workload-name': 'example' },
      hostname: 'example',
      image: 'foo',
    },
  },
});
const workloads: Record<string, Workload> = {
  example: {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'example', custom: { privileged: true } },
    containers: { hello: { image: 'foo' } },
  },
};

beforeEach(() => {
  rendered.length = 0;
});

describe('applyPatchTemplate', () => {
  it('renders with Compose and Workloads and applies set operations', async () => {
    const input = project();
    const out = await applyPatchTemplate(
      input,
      workloads,
      '- op: set\n  path: services.example-hello.privileged\n  value: true\n  description: Enable privileged mode\n---\n',
      1,
    );
    expect(rendered[0]?.data).toEqual({ Compose: input, Workloads: workloads });
    expect(out.project.services['example-hello']?.privileged).toBe(true);
    expect(input.services['example-hello']?.privileged).toBeUndefined();
    expect(out.logs).toEqual(['Applying patch to services.example-hello.privileged (Enable privileged mode)']);
  });

  it('renames a service by set + delete (TestGenerateWithPatching)', async () => {
    const tpl = `- op: set\n  path: services.example-hello-future\n  value: {"annotations":{"compose.score.dev/workload-name":"example"},"hostname":"example","image":"foo"}\n- op: delete\n  path: services.example-hello\n`;
    const out = await applyPatchTemplate(project(), workloads, tpl, 2);
    expect(Object.keys(out.project.services)).toEqual(['example-hello-future']);
    expect(out.project.services['example-hello-future']?.image).toBe('foo');
    expect(out.logs).toEqual([
      'Applying patch to services.example-hello-future',
      'Applying patch to services.example-hello',
    ]);
  });

  it('supports escaped dots, appends and forced object keys', async () => {
    const tpl = [
      '- {op: set, path: "services.example-hello.annotations.a\\\\.b", value: x}',
      '- {op: set, path: services.example-hello.ports.-1, value: {target: 80}}',
      '- {op: set, path: "services.example-hello.labels.:0000", value: y}',
    ].join('\n');
    const out = await applyPatchTemplate(project(), workloads, tpl, 1);
    const svc = out.project.services['example-hello'];
    expect(svc?.annotations?.['a.b']).toBe('x');
    expect(svc?.ports).toEqual([{ target: 80 }]);
    expect(svc?.labels).toEqual({ '0000': 'y' });
  });

  it('takes a path YAML reads as a number as the path it spells (path: 0)', async () => {
    const tpl = '- {op: set, path: 0, value: x}';
    // The key "0" was set (compose then has no such top-level field): not "path must be a string".
    await expect(applyPatchTemplate(project(), workloads, tpl, 1)).rejects.toThrow(
      'failed to unmarshal patched output: unknown field "0"',
    );
  });

  it('treats empty output as no operations', async () => {
    const out = await applyPatchTemplate(project(), workloads, '  \n\n---\n', 3);
    expect(out.project).toEqual(project());
    expect(out.logs).toEqual([]);
  });

  it.each([
    ['- op: move\n  path: services.x\n', 'failed to patch template 4: unknown operation: move'],
    [
      'op: set\n',
      'failed to patch template 4: failed to unmarshal patches from template execution output: expected a list of operations, got a map',
    ],
    [
      '- op: set\n  path: a\n  patch: b\n',
      'failed to patch template 4: failed to unmarshal patches from template execution output: operation 0: unknown field "patch"',
    ],
    [
      '- op: set\n  path: [a]\n',
      'failed to unmarshal patches from template execution output: operation 0: field "path" must be a string',
    ],
    ['- [unclosed\n', 'failed to patch template 4: failed to unmarshal patches from template execution output: '],
    [
      '- {op: set, path: services.example-hello.image.x, value: 1}',
      "failed to patch template 4: failed to perform patch operation 0: 'set 'services.example-hello.image.x': ",
    ],
    [
      '- {op: set, path: bogus, value: 1}',
      'failed to patch template 4: failed to unmarshal patched output: unknown field "bogus"',
    ],
    [
      '- {op: set, path: services.example-hello, value: 1}',
      'failed to patch template 4: failed to unmarshal patched output: services.example-hello must be a map',
    ],
    [
      '- {op: delete, path: services}',
      'failed to patch template 4: failed to unmarshal patched output: services must be a map of service definitions',
    ],
    ['BOOM', 'failed to patch template 4: template: boom'],
  ])('rejects %j', async (tpl, message) => {
    await expect(applyPatchTemplate(project(), workloads, tpl, 4)).rejects.toThrow(message);
  });

  it('accepts x- extensions and removes sections set to null', async () => {
    const tpl = '- {op: set, path: x-note, value: hi}\n- {op: set, path: volumes, value: null}';
    const out = await applyPatchTemplate({ ...project(), volumes: { v: {} } }, workloads, tpl, 1);
    expect(out.project['x-note']).toBe('hi');
    expect(out.project).not.toHaveProperty('volumes');
  });
});
