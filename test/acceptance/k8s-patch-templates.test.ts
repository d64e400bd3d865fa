// score-k8s patch templates, Go (as score-k8s users have them) and Handlebars: operations on the
// list of manifests (set by index, append with -1, delete by index), after --namespace.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runK8sIn, tempProject } from '../helpers/cli.js';

const SCORE = 'apiVersion: score.dev/v1b1\nmetadata:\n  name: example\ncontainers:\n  hello:\n    image: foo\n';

async function generateWith(templates: Record<string, string>, generateArgs: string[] = []) {
  const dir = await tempProject('shop', { 'score.yaml': SCORE, ...templates });
  const patches = Object.keys(templates).flatMap((f) => ['--patch-templates', f]);
  const init = await runK8sIn(dir, ['init', '--no-sample', ...patches]);
  expect([init.code, init.stderr]).toEqual([0, expect.not.stringContaining('Error')]);
  const run = await runK8sIn(dir, ['generate', 'score.yaml', ...generateArgs]);
  const text = run.code === 0 ? await readFile(join(dir, 'manifests.yaml'), 'utf8') : '';
  return { run, text, docs: parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>), dir };
}

describe('score-k8s patch templates', () => {
  it('set on every manifest, append two, delete one (Go templates)', async () => {
    const { run, text, docs } = await generateWith({
      'patch-1.tpl': `{{ range $i, $_ := .Manifests }}
- op: set
  path: {{ $i }}.metadata.annotations.custom\\.annotation/key
  value: something
  description: Add an annotation
{{ end }}`,
      'patch-2.tpl': ['my-secret', 'other-secret']
        .map(
          (name) => `- op: set
  path: -1
  value:
    apiVersion: v1
    kind: Secret
    metadata:
      name: ${name}
    data:
      fruit: {{ b64enc "banana" }}
  description: Add a secret
`,
        )
        .join(''),
      'patch-3.tpl': `{{ range $i, $m := .Manifests }}{{ if eq (dig "metadata" "name" "" $m) "my-secret" }}
- op: delete
  path: {{ $i }}
{{ end }}{{ end }}`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'Applying patch to 0.metadata.annotations.custom\\.annotation/key (Add an annotation)',
    );
    expect(text).not.toContain('my-secret');
    expect(docs.map((d) => `${d['kind']}/${d['metadata'].name}`)).toEqual([
      'Deployment/example',
      'Secret/other-secret',
    ]);
    expect(docs[0]!['metadata'].annotations['custom.annotation/key']).toBe('something');
  });

  it('see the namespace and the workloads (Handlebars)', async () => {
    const { run, docs } = await generateWith(
      {
        'replicas.hbs': `{{#each Manifests}}{{#if (eq kind "Deployment")}}
- op: set
  path: {{@index}}.spec.replicas
  value: {{ len ../Workloads.example.containers }}
- op: set
  path: {{@index}}.metadata.labels.ns
  value: {{ ../Namespace }}
{{/if}}{{/each}}`,
      },
      ['--namespace', 'prod'],
    );
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    expect(docs[0]!['spec'].replicas).toBe(1);
    expect(docs[0]!['metadata']).toMatchObject({ namespace: 'prod', labels: { ns: 'prod' } });
  });

  it('a patch that breaks the list is refused, and nothing is written', async () => {
    const { run, dir } = await generateWith({ 'bad.tpl': '- op: set\n  path: 0\n  value: just text\n' });
    // (`path: 0` is a YAML number: taken as the path "0", as score-k8s reads it.)
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'failed to patch template 1: the patched output must be a list of manifests (maps); item 0 is not',
    );
    await expect(readFile(join(dir, 'manifests.yaml'))).rejects.toThrow();
    expect(await readFile(join(dir, '.score-k8s/state.yaml'), 'utf8')).toContain('workloads: {}');
  });
});
