// score-k8s's own default provisioners file (shared corpus), loaded unchanged as score-k8s
// provisioners: every entry parses, runs on the Go engine, and each resource type's manifests are
// valid Kubernetes objects (schema check) that keep every generated secret inside a Secret.
import { describe, expect, it } from 'vitest';
import { parseProvisionerFile } from '../../src/provisioners/load.js';
import type { ProvisionInput, Provisioner } from '../../src/provisioners/types.js';
import type { Manifest } from '../../src/k8s/manifest.js';
import { readCorpusFile } from '../helpers/corpus.js';
import { validateManifest } from '../helpers/k8s-schema.js';
import { strings } from '../helpers/k8s-manifests.js';

const FILE = 'score-k8s/internal/provisioners/default/zz-default.provisioners.yaml';

function input(type: string, params?: Record<string, unknown>, shared: Record<string, unknown> = {}): ProvisionInput {
  return {
    uid: `${type}.default#web.res`,
    type,
    class: 'default',
    id: 'web.res',
    guid: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    params,
    metadata: {},
    sourceWorkload: 'web',
    workloadServices: {
      web: { serviceName: 'web', ports: { http: { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' } } },
    },
    state: {},
    shared,
    composeProjectName: '',
    mountsDirectory: '',
    namespace: 'shop',
    workloadMetadata: { name: 'web' },
  };
}

describe("score-k8s's default provisioners, unchanged", () => {
  const provisioners = parseProvisionerFile(readCorpusFile(FILE), 'zz-default.provisioners.yaml', 'k8s');
  const byUri = (uri: string): Provisioner =>
    provisioners.find((p) => p.uri === `template://default-provisioners/${uri}`)!;

  it('load, every entry with template syntax on the Go engine', () => {
    expect(provisioners.length).toBeGreaterThanOrEqual(15);
    const volume = 'template://default-provisioners/volume';
    for (const p of provisioners.filter((p) => p.uri.startsWith('template://') && p.uri !== volume))
      expect([p.uri, p.engine]).toEqual([p.uri, 'go']);
    // The volume entry is plain YAML (no {{ at all): either engine renders it the same.
    const text = readCorpusFile(FILE);
    expect(text.slice(text.indexOf(volume), text.indexOf('default-provisioners/dns'))).not.toContain('{{');
  });

  it.each([
    ['postgres', 'postgres'],
    ['postgres-instance', 'postgres-instance'],
    ['redis', 'redis'],
    ['mysql', 'mysql'],
    ['mongo', 'mongodb'],
    ['rabbitmq', 'amqp'],
    ['mssql', 'mssql'],
    ['s3', 's3'],
    ['kafka-topic', 'kafka-topic'],
    ['volume', 'volume'],
    ['dns', 'dns'],
  ])('%s: valid manifests, generated secrets only inside Secrets', async (uri, type) => {
    const out = await byUri(uri).provision(input(type), { projectDir: '/nonexistent', env: {} });
    const manifests = (out.manifests ?? []) as Manifest[];
    for (const m of manifests) validateManifest(m);
    // Every state value that looks generated (random passwords and keys) stays out of plain manifests.
    const secrets = Object.entries(out.state ?? {})
      .filter(([k, v]) => /password|secret|key/i.test(k) && typeof v === 'string')
      .map(([, v]) => v as string);
    for (const m of manifests.filter((m) => m['kind'] !== 'Secret')) {
      for (const secret of secrets) expect(strings(m)).not.toContain(secret);
    }
    const secretOutputs = Object.entries(out.outputs ?? {}).filter(([k]) => /password|secret/i.test(k));
    // score-k8s's rabbitmq entry outputs its password as plain text (so a workload's env gets it in
    // clear); every other one outputs a Secret reference. Our own amqp default does not do this.
    const plain = uri === 'rabbitmq';
    for (const [, v] of secretOutputs) expect([uri, /^🔐💬.+_.+💬🔐$/.test(String(v))]).toEqual([uri, !plain]);
  });

  it('route: an HTTPRoute to the workload Service; service-port: its name and port', async () => {
    const route = await byUri('route').provision(input('route', { host: 'example.com', port: 'http', path: '/' }), {
      projectDir: '/nonexistent',
      env: {},
    });
    expect(route.manifests?.[0]).toMatchObject({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      spec: { hostnames: ['example.com'], rules: [{ backendRefs: [{ name: 'web', port: 'http' }] }] },
    });
    const port = await byUri('service-port').provision(input('service-port', { workload: 'web', port: 'http' }), {
      projectDir: '/nonexistent',
      env: {},
    });
    expect(port.outputs).toEqual({ hostname: 'web', port: 8080 });
  });
});
