// `score-k8s` as a user runs it, with score-k8s's own default provisioners (the shared corpus's
// file, loaded unchanged): init, generate the bundled examples and the init sample, check every
// manifest against the Kubernetes 1.33 schema and that generated secrets stay inside Secrets, then
// the second generate, the namespace flags, and the mistakes people make.
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from '../../src/k8s/manifest.js';
import { REPO_ROOT, runK8sIn, tempProject } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';
import { validateManifest } from '../helpers/k8s-schema.js';
import { strings } from '../helpers/k8s-manifests.js';

const REFERENCE = corpusPath('score-k8s/internal/provisioners/default/zz-default.provisioners.yaml');

async function project(files: Record<string, string> = {}): Promise<string> {
  const dir = await tempProject('shop', files);
  const init = await runK8sIn(dir, ['init', '--no-sample', '--no-default-provisioners', '--provisioners', REFERENCE]);
  expect(init.stderr).not.toMatch(/Error/);
  expect(init.code).toBe(0);
  return dir;
}

async function manifestsIn(dir: string, file = 'manifests.yaml'): Promise<Manifest[]> {
  return parseAllDocuments(await readFile(join(dir, file), 'utf8')).map((d) => d.toJS() as Manifest);
}

/** Schema-checks every manifest (the gateway API's HTTPRoute is a CRD: its shape only). */
function checkManifests(manifests: Manifest[]): void {
  for (const m of manifests) {
    if (m['kind'] === 'HTTPRoute') expect(m['apiVersion']).toBe('gateway.networking.k8s.io/v1');
    else validateManifest(m);
  }
}

/** The generated passwords in the state must appear in no manifest but a Secret (and there only base64). */
async function checkSecretsStayInSecrets(dir: string, manifests: Manifest[]): Promise<void> {
  const state = await readFile(join(dir, '.score-k8s/state.yaml'), 'utf8');
  const passwords = [...state.matchAll(/^\s+password: "?([^"\n]+)"?$/gm)].map((m) => m[1]!);
  for (const m of manifests) for (const p of passwords) expect(strings(m)).not.toContain(p);
}

describe('score-k8s generate with the reference provisioners', () => {
  const examples = [
    '01-hello',
    '03-files',
    '04-multiple-containers',
    '05-volumes',
    '06-probes-and-limits',
    '07-overrides',
    '09-postgres',
    '10-dns-and-route',
    '11-shared-redis',
  ];

  // 02 uses an `environment` resource and 12 a `service` one: score-compose types score-k8s has no
  // provisioner for (they fail as "not supported by any provisioner"); 08 needs --build.
  it.each(examples)('example %s: valid manifests, secrets in Secrets only', async (example) => {
    const dir = await project();
    await cp(join(REPO_ROOT, 'examples', example), dir, { recursive: true });
    const files = (await readdir(dir)).filter(
      (f) => f.endsWith('.yaml') && !f.startsWith('expected') && f !== 'overrides.yaml',
    );
    const run = await runK8sIn(dir, ['generate', ...files]);
    expect([run.code, run.stderr]).toEqual([0, expect.not.stringMatching(/Error/)]);
    const manifests = await manifestsIn(dir);
    expect(manifests.some((m) => m['kind'] === 'Deployment')).toBe(true);
    checkManifests(manifests);
    await checkSecretsStayInSecrets(dir, manifests);
  });

  it('the init sample, generated twice: the same manifests; then with a namespace', async () => {
    const dir = await tempProject('shop');
    expect((await runK8sIn(dir, ['init', '--no-default-provisioners', '--provisioners', REFERENCE])).code).toBe(0);
    expect((await readFile(join(dir, 'score.yaml'), 'utf8')).includes('score-k8s generate')).toBe(true);
    expect((await runK8sIn(dir, ['generate', 'score.yaml'])).code).toBe(0);
    const first = await readFile(join(dir, 'manifests.yaml'), 'utf8');
    const manifests = await manifestsIn(dir);
    checkManifests(manifests);
    await checkSecretsStayInSecrets(dir, manifests);
    // The workload reads its database password from the Secret the provisioner made.
    const deployment = manifests.find((m) => m['kind'] === 'Deployment') as any;
    const env = deployment.spec.template.spec.containers[0].env as { name: string; valueFrom?: unknown }[];
    const secret = manifests.find((m) => m['kind'] === 'Secret') as any;
    expect(env.find((e) => e.name === 'DB_PASSWORD')?.valueFrom).toEqual({
      secretKeyRef: { name: secret.metadata.name, key: 'password' },
    });
    expect((await stat(join(dir, 'manifests.yaml'))).mode & 0o777).toBe(0o600);

    expect((await runK8sIn(dir, ['generate'])).code).toBe(0);
    expect(await readFile(join(dir, 'manifests.yaml'), 'utf8')).toBe(first);

    const ns = await runK8sIn(dir, ['generate', '--namespace', 'team-a', '--generate-namespace', '-o', '-']);
    expect(ns.code).toBe(0);
    const docs = parseAllDocuments(ns.stdout).map((d) => d.toJS() as Manifest);
    expect(docs[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'score-k8s' } },
    });
    for (const m of docs.slice(1)) expect((m['metadata'] as any).namespace).toBe('team-a');
  });

  // As score-compose: the files are the truth, and the overrides a workload was generated with
  // are kept for the runs without file arguments (workload-inputs.yaml beside the state).
  it('generate with no files reads the recorded Score files again, with their overrides', async () => {
    const score = [
      'apiVersion: score.dev/v1b1',
      'metadata: {name: web}',
      'containers:',
      '  main:',
      '    image: nginx:1',
      '    variables: {GREETING: hello}',
      '',
    ].join('\n');
    const dir = await project({ 'score.yaml': score });
    const env = async () => {
      const deployment = (await manifestsIn(dir)).find((m) => m['kind'] === 'Deployment') as any;
      return deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    };
    const override = ['--override-property', 'containers.main.variables.EXTRA=from-flag'];
    expect((await runK8sIn(dir, ['generate', 'score.yaml', ...override])).code).toBe(0);
    expect(await env()).toEqual(
      expect.arrayContaining([
        { name: 'GREETING', value: 'hello' },
        { name: 'EXTRA', value: 'from-flag' },
      ]),
    );

    await writeFile(join(dir, 'score.yaml'), score.replace('GREETING: hello', 'GREETING: edited'));
    const again = await runK8sIn(dir, ['generate']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Reading the Score files the state records: score.yaml');
    expect(await env()).toEqual(
      expect.arrayContaining([
        { name: 'GREETING', value: 'edited' },
        { name: 'EXTRA', value: 'from-flag' },
      ]),
    );

    // Named again without the flag: the override is gone, and stays gone.
    expect((await runK8sIn(dir, ['generate', 'score.yaml'])).code).toBe(0);
    expect((await runK8sIn(dir, ['generate'])).code).toBe(0);
    expect((await env()).map((e) => e.name)).not.toContain('EXTRA');

    // The file now names another workload: the old one is removed (with the overrides it was
    // generated with), the new one made.
    expect((await runK8sIn(dir, ['generate', 'score.yaml', ...override])).code).toBe(0);
    const inputsFile = join(dir, '.score-k8s', 'workload-inputs.yaml');
    expect(await readFile(inputsFile, 'utf8')).toContain('web:');
    await writeFile(join(dir, 'score.yaml'), score.replace('name: web', 'name: site'));
    const renamed = await runK8sIn(dir, ['generate']);
    expect(renamed.code).toBe(0);
    expect(renamed.stderr).toContain("Score file 'score.yaml' now names workload 'site', not 'web': 'web' is removed");
    expect(existsSync(inputsFile)).toBe(false);
    const names = (await manifestsIn(dir))
      .filter((m) => m['kind'] === 'Deployment')
      .map((m) => (m as any).metadata.name);
    expect(names).toEqual(['site']);

    // A recorded file that is gone: its stored spec is used, and the run says so.
    await rm(join(dir, 'score.yaml'));
    const gone = await runK8sIn(dir, ['generate']);
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain("Score file 'score.yaml' of workload 'site' no longer exists: using its stored copy");
    expect((await env()).find((e) => e.name === 'GREETING')?.value).toBe('hello');
  });

  it('resources list and get-outputs read the score-k8s state', async () => {
    const dir = await project({
      'score.yaml':
        'apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: nginx}}\nresources: {db: {type: postgres}}\n',
    });
    expect((await runK8sIn(dir, ['generate', 'score.yaml'])).code).toBe(0);
    const list = await runK8sIn(dir, ['resources', 'list', '-f', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([
      { UID: 'postgres.default#web.db', Outputs: ['database', 'host', 'name', 'password', 'port', 'username'] },
    ]);
    const outputs = JSON.parse((await runK8sIn(dir, ['resources', 'get-outputs', 'postgres.default#web.db'])).stdout);
    expect(outputs.password).toMatch(/^🔐💬pg-web-[0-9a-f]{8}_password💬🔐$/);
  });

  it('says what is wrong, and leaves the project as it was', async () => {
    const bare = await tempProject('bare', {
      'score.yaml': 'apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: .}}\n',
    });
    expect(await runK8sIn(bare, ['generate', 'score.yaml'])).toMatchObject({
      code: expect.any(Number),
      stderr: expect.stringContaining('state directory does not exist, please run "score-k8s init" first'),
    });
    const dir = await project({
      'score.yaml': 'apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: .}}\n',
    });
    const noImage = await runK8sIn(dir, ['generate', 'score.yaml']);
    expect(noImage.code).not.toBe(0);
    expect(noImage.stderr).toContain("container 'main' has no image and --image was not provided");
    expect(noImage.stderr).toMatch(/score\.yaml:3/);
    const ns = await runK8sIn(dir, ['generate', 'score.yaml', '--generate-namespace']);
    expect(ns.stderr).toContain('--namespace flag is required when using --generate-namespace');
    expect(await readFile(join(dir, '.score-k8s/state.yaml'), 'utf8')).toContain('workloads: {}');
    await expect(stat(join(dir, 'manifests.yaml'))).rejects.toThrow();
    expect((await runK8sIn(dir, ['generate', 'score.yaml', '--image', 'nginx'])).code).toBe(0);
  });
});
