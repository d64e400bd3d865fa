// Our default provisioners for score-k8s (provisioners-k8s/, Handlebars): every file loads as score-k8s
// provisioners, and every resource type provisions valid manifests that keep generated secrets inside Secrets,
// outputs secrets only as Secret references, honours the namespace, and gives the same result when run again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import { mergeSharedState } from '../../../src/provisioners/shared-state.js';
import type { ProvisionInput, ProvisionOutput, Provisioner } from '../../../src/provisioners/types.js';
import { decodeSecretRefs } from '../../../src/k8s/secret-refs.js';
import type { Manifest } from '../../../src/k8s/manifest.js';
import { validateManifest } from '../../helpers/k8s-schema.js';

const DIR = join(import.meta.dirname, '../../../provisioners-k8s');
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const ctx = { projectDir: '/nonexistent', env: {} };

/** Params each type needs to provision (the others take none). */
const PARAMS: Record<string, Record<string, unknown>> = {
  route: { host: 'example.com', port: 'http', path: '/api' },
  'service-port': { workload: 'api', port: 'http' },
};

function input(type: string, namespace: string, over: Partial<ProvisionInput> = {}): ProvisionInput {
  return {
    uid: `${type}.default#web.res`,
    type,
    class: 'default',
    id: 'web.res',
    guid: '7C9E6679-7425-40de-944b-e07fc1f90ae7',
    params: PARAMS[type],
    metadata: {},
    sourceWorkload: 'web',
    workloadServices: {
      web: { serviceName: 'web', ports: { http: { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' } } },
      api: {
        serviceName: 'api-svc',
        ports: {
          http: { name: 'http', port: 8000, targetPort: 9000, protocol: 'TCP' },
          '8000': { name: 'http', port: 8000, targetPort: 9000, protocol: 'TCP' },
        },
      },
    },
    state: {},
    shared: {},
    composeProjectName: '',
    mountsDirectory: '',
    namespace,
    workloadMetadata: { name: 'web' },
    ...over,
  };
}

/** Every string value anywhere in `value`. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** Generated secrets: string values under secret-looking keys of the state and the shared-state patch. */
function generatedSecrets(out: ProvisionOutput): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && /password|secret/i.test(k)) found.push(v);
      else walk(v);
    }
  };
  walk(out.state);
  walk(out.shared);
  return found;
}

const SECRET_REF = /^🔐💬([a-z0-9.-]+)_([-._a-zA-Z0-9]+)💬🔐$/;
const isSecretOutput = (key: string) => /password|secret|connection|token/i.test(key);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function metadataOf(m: Manifest): { name: string; namespace?: string; labels?: Record<string, string> } {
  return m['metadata'] as { name: string; namespace?: string; labels?: Record<string, string> };
}

/** The keys a Secret manifest defines (data and stringData). */
function secretKeys(m: Manifest): string[] {
  return [...Object.keys((m['data'] ?? {}) as object), ...Object.keys((m['stringData'] ?? {}) as object)];
}

/** The HTTPRoute's shape (a CRD: kubernetes-models has no schema for it). */
function checkHttpRoute(m: Manifest): void {
  expect(m).toMatchObject({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: expect.stringMatching(DNS_LABEL) as unknown },
    spec: {
      parentRefs: [{ name: expect.any(String) as unknown }],
      hostnames: [expect.any(String)],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: expect.stringMatching(/^\//) as unknown } }],
          backendRefs: [{ name: expect.any(String) as unknown, port: expect.any(Number) as unknown }],
        },
      ],
    },
  });
}

/** Every secretKeyRef / secret volume in the manifests points at a Secret among them that has that key. */
function checkSecretUses(manifests: Manifest[]): void {
  const secrets = new Map(
    manifests.filter((m) => m['kind'] === 'Secret').map((m) => [metadataOf(m).name, secretKeys(m)]),
  );
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const v = value as Record<string, unknown>;
    const keyRef = v['secretKeyRef'] as { name: string; key: string } | undefined;
    if (keyRef) expect(secrets.get(keyRef.name)).toContain(keyRef.key);
    const fromRef = v['secretRef'] as { name: string } | undefined;
    if (fromRef) expect(secrets.has(fromRef.name)).toBe(true);
    const volume = v['secret'] as { secretName: string; items?: { key: string }[] } | undefined;
    if (volume) for (const item of volume.items ?? []) expect(secrets.get(volume.secretName)).toContain(item.key);
    for (const child of Object.values(v)) walk(child);
  };
  walk(manifests);
}

async function provisionTwice(p: Provisioner, first: ProvisionInput): Promise<[ProvisionOutput, ProvisionOutput]> {
  const out = await p.provision(first, ctx);
  const again = await p.provision(
    { ...first, state: out.state ?? {}, shared: mergeSharedState(first.shared, out.shared ?? {}) },
    ctx,
  );
  return [out, again];
}

describe('default provisioners for score-k8s (provisioners-k8s/)', () => {
  it('are one file per resource type, each loading as score-k8s provisioners on Handlebars', () => {
    expect(FILES).toEqual(
      [
        'amqp',
        'dns',
        'kafka-topic',
        'mongodb',
        'mssql',
        'mysql',
        'postgres-instance',
        'postgres',
        'redis',
        'route',
        's3',
        'service-port',
        'volume',
      ]
        .map((t) => `${t}.yaml`)
        .sort(),
    );
    for (const file of FILES) {
      const provisioners = parseProvisionerFile(readFileSync(join(DIR, file), 'utf8'), file, 'k8s');
      expect(provisioners.length).toBeGreaterThan(0);
      for (const p of provisioners) {
        expect([file, p.type]).toEqual([file, file.replace(/\.yaml$/, '')]);
        expect([p.uri, p.engine]).toEqual([p.uri, 'handlebars']);
        // score-k8s's URIs: the type's name, except for two.
        const name = { amqp: 'rabbitmq', mongodb: 'mongo' }[p.type] ?? p.type;
        expect(p.uri).toBe(`template://default-provisioners/${name}`);
      }
    }
  });

  it('joined in name order into one file (as init writes them), load as one list', () => {
    const joined = FILES.map((name) => `# ---- ${name}\n${readFileSync(join(DIR, name), 'utf8').trimEnd()}\n`).join('');
    const provisioners = parseProvisionerFile(joined, 'zz-default.provisioners.yaml', 'k8s');
    expect(provisioners.map((p) => `${p.type}.yaml`)).toEqual(FILES);
  });

  describe.each(FILES)('%s', (file) => {
    const provisioners = parseProvisionerFile(readFileSync(join(DIR, file), 'utf8'), file, 'k8s');

    it.each(provisioners.map((p) => [p.uri, p] as const))(
      '%s: valid manifests, secrets only in Secrets, namespaced, stable',
      async (_uri, p) => {
        for (const namespace of ['shop', '']) {
          const [out, again] = await provisionTwice(p, input(p.type, namespace));
          const manifests = (out.manifests ?? []) as Manifest[];

          for (const m of manifests) {
            if (m['kind'] === 'HTTPRoute') checkHttpRoute(m);
            else validateManifest(m);
            const meta = metadataOf(m);
            expect(meta.name).toMatch(DNS_LABEL);
            if (namespace === '') expect(meta).not.toHaveProperty('namespace');
            else expect([meta.name, meta.namespace]).toEqual([meta.name, namespace]);
            for (const value of Object.values(meta.labels ?? {})) expect(value.length).toBeLessThanOrEqual(63);
          }
          checkSecretUses(manifests);

          // Generated secrets (and their base64 form) appear in Secrets only, never in outputs.
          const secrets = generatedSecrets(out);
          const forms = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64')]);
          for (const m of manifests.filter((m) => m['kind'] !== 'Secret')) {
            for (const text of strings(m)) for (const s of forms) expect(text).not.toContain(s);
          }
          for (const text of strings(out.outputs)) for (const s of secrets) expect(text).not.toContain(s);

          // Secret-looking outputs are references to a key of a Secret in the manifests.
          for (const [key, value] of Object.entries(out.outputs ?? {}).filter(([k]) => isSecretOutput(k))) {
            const match = SECRET_REF.exec(String(value));
            expect([key, match !== null]).toEqual([key, true]);
            const { refs } = decodeSecretRefs(String(value));
            const secret = manifests.find((m) => m['kind'] === 'Secret' && metadataOf(m).name === refs[0]!.name);
            expect(secret, `${key}: Secret ${refs[0]!.name}`).toBeDefined();
            expect(secretKeys(secret!)).toContain(refs[0]!.key);
          }

          // A second run with the stored state changes nothing.
          expect(again.outputs).toEqual(out.outputs);
          expect(again.manifests).toEqual(out.manifests);
          expect(again.state).toEqual(out.state);
          expect(Object.keys(out.outputs ?? {}).sort()).toEqual([...(p.expectedOutputs ?? [])].sort());
        }
      },
    );

    it.each(provisioners.map((p) => [p.uri, p] as const))(
      '%s: names fit Kubernetes limits for the longest workload names',
      async (_uri, p) => {
        const long = 'w'.repeat(63);
        const over = {
          sourceWorkload: long,
          workloadServices: {
            ...input(p.type, '').workloadServices,
            [long]: input(p.type, '').workloadServices['web']!,
          },
        };
        const out = await p.provision(input(p.type, 'shop', over), ctx);
        for (const m of (out.manifests ?? []) as Manifest[]) {
          // A StatefulSet's name goes into its pods' controller-revision-hash label with 11 more characters.
          const meta = metadataOf(m);
          expect(meta.name.length).toBeLessThanOrEqual(m['kind'] === 'StatefulSet' ? 52 : 63);
          for (const value of Object.values(meta.labels ?? {})) expect(value.length).toBeLessThanOrEqual(63);
        }
      },
    );
  });

  it('s3 and kafka-topic share one server through the shared state', async () => {
    for (const type of ['s3', 'kafka-topic']) {
      const [p] = parseProvisionerFile(readFileSync(join(DIR, `${type}.yaml`), 'utf8'), `${type}.yaml`, 'k8s');
      const first = await p!.provision(input(type, 'shop'), ctx);
      const second = await p!.provision(
        input(type, 'shop', {
          uid: `${type}.default#other.res`,
          id: 'other.res',
          guid: '0b5a2f2e-1111-4222-8333-944445555666',
          sourceWorkload: 'other',
          shared: mergeSharedState({}, first.shared ?? {}),
        }),
        ctx,
      );
      expect(second.outputs!['host'] ?? second.outputs!['endpoint']).toBe(
        first.outputs!['host'] ?? first.outputs!['endpoint'],
      );
      expect(second.state).not.toEqual(first.state);
      // The server's objects are the same whichever resource declares them, so either copy can be applied.
      const shared = (out: ProvisionOutput) => ((out.manifests ?? []) as Manifest[]).filter((m) => m['kind'] !== 'Job');
      expect(shared(second)).toEqual(shared(first));
    }
  });

  it('service-port and route check their params', async () => {
    const load = (type: string) =>
      parseProvisionerFile(readFileSync(join(DIR, `${type}.yaml`), 'utf8'), `${type}.yaml`, 'k8s')[0]!;
    const port = load('service-port');
    expect((await port.provision(input('service-port', ''), ctx)).outputs).toEqual({ hostname: 'api-svc', port: 8000 });
    const byNumber = input('service-port', '', { params: { workload: 'api', port: 8000 } });
    expect((await port.provision(byNumber, ctx)).outputs).toEqual({ hostname: 'api-svc', port: 8000 });
    const failing = async (p: Provisioner, params: Record<string, unknown> | undefined, message: RegExp) =>
      expect(p.provision(input(p.type, '', { params }), ctx)).rejects.toThrow(message);
    await failing(port, undefined, /expected 'workload' param/);
    await failing(port, { workload: 'api' }, /expected 'port' param/);
    await failing(port, { workload: 'nope', port: 'http' }, /unknown workload/);
    await failing(port, { workload: 'api', port: 'grpc' }, /unknown service port/);

    const route = load('route');
    const out = await route.provision(input('route', 'shop'), ctx);
    expect(out.manifests?.[0]).toMatchObject({
      spec: { hostnames: ['example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
    });
    // The backend is the Service's port for the named port, also when params.port gives its number.
    const api = { sourceWorkload: 'api', params: { host: 'example.com', port: 8000, path: '/' } };
    expect((await route.provision(input('route', '', api), ctx)).manifests?.[0]).toMatchObject({
      spec: { rules: [{ backendRefs: [{ name: 'api-svc', port: 8000 }] }] },
    });
    await failing(route, undefined, /params.path start with a \//);
    await failing(route, { host: 'example.com', port: 'http', path: 'api' }, /params.path start with a \//);
    await failing(route, { host: 'example.com', port: 'http', path: '/api/' }, /cannot end with \//);
    await failing(route, { host: 'Ex ample', port: 'http', path: '/' }, /params.host must be a valid hostname/);
    await failing(route, { host: 'example.com', port: 'grpc', path: '/' }, /params.port is not a named service port/);
  });

  it('keep stored values: state written by score-k8s carries over', async () => {
    const [p] = parseProvisionerFile(readFileSync(join(DIR, 'postgres.yaml'), 'utf8'), 'postgres.yaml', 'k8s');
    const state = { service: 'pg-web-7c9e6679', database: 'db-abc', username: 'user-abc', password: 'S3cretS3cret' };
    const out = await p!.provision(input('postgres', '', { state }), ctx);
    expect(out.state).toEqual(state);
    expect(out.outputs).toMatchObject({ host: 'pg-web-7c9e6679', database: 'db-abc', username: 'user-abc' });

    // mysql: its own root password, except for a server score-k8s initialised with the user's.
    const [mysql] = parseProvisionerFile(readFileSync(join(DIR, 'mysql.yaml'), 'utf8'), 'mysql.yaml', 'k8s');
    const fresh = (await mysql!.provision(input('mysql', ''), ctx)).state!;
    expect(fresh['rootPassword']).not.toBe(fresh['password']);
    const carried = (
      await mysql!.provision(input('mysql', '', { state: { ...state, service: 'mysql-web-7c9e6679' } }), ctx)
    ).state!;
    expect(carried['rootPassword']).toBe(state.password);
  });
});
