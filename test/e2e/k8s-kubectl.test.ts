// kubectl, the tool people apply manifests with, reads what `score-k8s generate` writes:
// `kubectl apply --dry-run=client --validate=false` maps every object to a resource (through a
// discovery stand-in, as no cluster is reachable here) and would create each of them.
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runK8sIn, tempProject } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';
import { skipOrFail } from '../helpers/docker-env.js';
import { startKubeDiscovery } from '../helpers/kube-discovery.js';

const kubectl =
  spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0 ? 'kubectl' : undefined;
const REFERENCE = corpusPath('score-k8s/internal/provisioners/default/zz-default.provisioners.yaml');

function apply(server: string, file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      kubectl!,
      ['apply', '--dry-run=client', '--validate=false', '-f', file, '--server', server],
      { timeout: 60_000, env: { ...process.env, KUBECONFIG: '/dev/null' } },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('kubectl reads the manifests', () => {
  let api: Awaited<ReturnType<typeof startKubeDiscovery>>;
  beforeAll(async () => {
    api = await startKubeDiscovery();
  });
  afterAll(() => api.close());

  it('of the init sample: every object would be created', async (ctx) => {
    if (kubectl === undefined) skipOrFail(ctx, 'no kubectl on PATH (Debian: kubernetes-client)');
    const dir = await tempProject('shop');
    expect((await runK8sIn(dir, ['init', '--no-default-provisioners', '--provisioners', REFERENCE])).code).toBe(0);
    const run = await runK8sIn(dir, ['generate', 'score.yaml', '--namespace', 'shop', '--generate-namespace']);
    expect(run.code).toBe(0);
    const file = join(dir, 'manifests.yaml');
    const manifests = parseAllDocuments(await readFile(file, 'utf8')).map((d) => d.toJS() as Record<string, any>);
    const { code, out } = await apply(api.url, file);
    expect([code, out]).toEqual([0, expect.any(String)]);
    for (const m of manifests) {
      const group = String(m['apiVersion']).includes('/') ? `.${String(m['apiVersion']).split('/')[0]}` : '';
      expect(out).toContain(`${String(m['kind']).toLowerCase()}${group}/${m['metadata'].name} created (dry run)`);
    }
  });

  it('and refuses what is not a Kubernetes object', async (ctx) => {
    if (kubectl === undefined) skipOrFail(ctx, 'no kubectl on PATH (Debian: kubernetes-client)');
    const dir = await tempProject('bad', { 'm.yaml': '---\napiVersion: v1\nkind: Nope\nmetadata:\n  name: x\n' });
    const { code, out } = await apply(api.url, join(dir, 'm.yaml'));
    expect(code).toBe(1);
    expect(out).toMatch(/no matches for kind "Nope"|the server doesn't have a resource type/);
  });
});
