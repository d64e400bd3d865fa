// TestGenerateWithPatching re-authored in Handlebars, through the real template engine:
// privileged via metadata.custom, rename by set + delete, then read_only on every service.
import { describe, expect, it } from 'vitest';
import { applyPatchTemplate } from '../../../src/assemble/patch.js';
import type { ComposeProject } from '../../../src/compose/types.js';
import type { Workload } from '../../../src/score/types.js';

const patch1 = `
{{#each Workloads}}
{{#if (dig "metadata" "custom" "privileged" false this)}}
{{#each this.containers}}
- op: set
  path: services.{{@../key}}-{{@key}}.privileged
  value: true
  description: Enable privileged mode on service containers
{{/each}}
{{/if}}
{{/each}}
---
`;
const patch2 = `
{{#each Compose.services}}
- op: set
  path: services.{{@key}}-future
  value: {{toRawJson this}}
  description: Rename service {{@key}}
- op: delete
  path: services.{{@key}}
  description: Delete service {{@key}}
{{/each}}
---
`;
const patch3 = `
{{#each Compose.services}}
- op: set
  path: services.{{@key}}.read_only
  value: true
  description: Set services to read only root fs
{{/each}}
---
`;

describe('patch templates through the engine', () => {
  it('applies the three templates of TestGenerateWithPatching in order', async () => {
    const workloads: Record<string, Workload> = {
      example: {
        apiVersion: 'score.dev/v1b1',
        metadata: { name: 'example', custom: { privileged: true } },
        containers: { hello: { image: 'foo' } },
      },
    };
    let project: ComposeProject = {
      name: '001',
      services: {
        'example-hello': {
          annotations: { 'compose.score.dev/workload-name': 'example' },
          hostname: 'example',
          image: 'foo',
        },
      },
    };
    const logs: string[] = [];
    for (const [i, tpl] of [patch1, patch2, patch3].entries()) {
      const out = await applyPatchTemplate(project, workloads, tpl, i + 1);
      project = out.project;
      logs.push(...out.logs);
    }
    expect(project).toEqual({
      name: '001',
      services: {
        'example-hello-future': {
          annotations: { 'compose.score.dev/workload-name': 'example' },
          hostname: 'example',
          image: 'foo',
          privileged: true,
          read_only: true,
        },
      },
    });
    expect(logs).toEqual([
      'Applying patch to services.example-hello.privileged (Enable privileged mode on service containers)',
      'Applying patch to services.example-hello-future (Rename service example-hello)',
      'Applying patch to services.example-hello (Delete service example-hello)',
      'Applying patch to services.example-hello-future.read_only (Set services to read only root fs)',
    ]);
  });

  it('wraps template failures with the template number', async () => {
    await expect(applyPatchTemplate({ services: {} }, {}, '{{fail "nope"}}', 7)).rejects.toThrow(
      /^failed to patch template 7: failed to execute template: .*nope/,
    );
  });
});
