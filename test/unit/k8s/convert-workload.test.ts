import { describe, expect, it } from 'vitest';
import { convertWorkloadToManifests, type K8sConvertInput } from '../../../src/k8s/convert/workload.js';
import { stringifyManifests } from '../../../src/k8s/write.js';
import { encodeSecretRef, findSecretRef } from '../../../src/k8s/secret-refs.js';
import type { Workload } from '../../../src/score/types.js';
import type { Manifest } from '../../../src/k8s/manifest.js';
import { validateManifests } from '../../helpers/k8s-schema.js';

type Outputs = Record<string, Record<string, unknown>>;

/** A converter input over resources given as `name → [uid, outputs]`. */
function input(workload: Workload, resources: Record<string, [string, Record<string, unknown>]> = {}): K8sConvertInput {
  const byUid: Outputs = Object.fromEntries(Object.values(resources));
  return {
    workload,
    projectDir: '/nonexistent',
    instanceSuffix: '-abcdef',
    resources: (name) => {
      const r = resources[name];
      return r === undefined ? undefined : { uid: r[0], outputs: r[1] };
    },
    outputsOf: (uid) => byUid[uid],
    readFile: () => {
      throw new Error('no file sources in these tests');
    },
  };
}

function workload(containers: Workload['containers'], extra: Partial<Workload> = {}): Workload {
  return { apiVersion: 'score.dev/v1b1', metadata: { name: 'example' }, containers, ...extra };
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m['kind'] === kind);

describe('convertWorkloadToManifests', () => {
  // score-k8s's own test case (TestMassive), but for its files in `/`: score-k8s mounts them as a
  // projected volume on `/`, which would hide the image's whole file system; each is mounted on
  // its own path here.
  it('converts every field of a workload as score-k8s does', async () => {
    const w = workload(
      {
        c1: {
          image: 'my-image',
          command: ['do', 'thing'],
          args: ['with', '${args}'],
          variables: {
            VAR: 'RAW',
            VAR2: '',
            VAR3: '${metadata.name}',
            VAR4: '${metadata.thing}',
            VAR5: '${resources.foo.key}',
          },
          files: {
            '/root.md': { content: 'my-content ${metadata.name}' },
            '/binary': { binaryContent: Buffer.from('hello ${metadata.name} world').toString('base64') },
          },
          livenessProbe: { exec: { command: ['echo', 'true'] } },
          readinessProbe: { httpGet: { scheme: 'HTTPS', host: '127.0.0.1', port: 3001, path: '' } },
          resources: { requests: { cpu: '999m' }, limits: { memory: '10Mi' } },
          volumes: { '/mount/thing': { source: '${resources.vol}' } },
        },
        c2: { image: 'other-image' },
      },
      {
        metadata: { name: 'example', annotations: { 'my.custom.scope/annotation': 'value' }, thing: 'other' },
        service: { ports: { web: { port: 80, targetPort: 8080, protocol: 'UDP' } } },
      },
    );
    const manifests = convertWorkloadToManifests(
      input(w, {
        foo: ['thing.default#shared', { key: 'xxx' }],
        vol: ['vol.default#example.vol', { source: { emptyDir: {} } }],
      }),
    );
    validateManifests(manifests);
    expect(stringifyManifests(manifests)).toBe(`---
apiVersion: v1
binaryData:
  file: aGVsbG8gJHttZXRhZGF0YS5uYW1lfSB3b3JsZA==
kind: ConfigMap
metadata:
  name: example-c1-file-d0e9aff012
---
apiVersion: v1
binaryData:
  file: bXktY29udGVudCBleGFtcGxl
kind: ConfigMap
metadata:
  name: example-c1-file-7a1ae64977
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    k8s.score.dev/workload-name: example
  labels:
    app.kubernetes.io/instance: example-abcdef
    app.kubernetes.io/managed-by: score-k8s
    app.kubernetes.io/name: example
  name: example
spec:
  ports:
    - name: web
      port: 80
      protocol: UDP
      targetPort: 8080
  selector:
    app.kubernetes.io/instance: example-abcdef
status:
  loadBalancer: {}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    k8s.score.dev/workload-name: example
  labels:
    app.kubernetes.io/instance: example-abcdef
    app.kubernetes.io/managed-by: score-k8s
    app.kubernetes.io/name: example
  name: example
spec:
  selector:
    matchLabels:
      app.kubernetes.io/instance: example-abcdef
  strategy: {}
  template:
    metadata:
      annotations:
        k8s.score.dev/workload-name: example
        my.custom.scope/annotation: value
      labels:
        app.kubernetes.io/instance: example-abcdef
        app.kubernetes.io/managed-by: score-k8s
        app.kubernetes.io/name: example
    spec:
      containers:
        - args:
            - with
            - \${args}
          command:
            - do
            - thing
          env:
            - name: VAR
              value: RAW
            - name: VAR2
            - name: VAR3
              value: example
            - name: VAR4
              value: other
            - name: VAR5
              value: xxx
          image: my-image
          livenessProbe:
            exec:
              command:
                - echo
                - "true"
          name: c1
          readinessProbe:
            httpGet:
              host: 127.0.0.1
              port: 3001
              scheme: HTTPS
          resources:
            limits:
              memory: 10Mi
            requests:
              cpu: 999m
          volumeMounts:
            - mountPath: /mount/thing
              name: vol-5e3859fe72
            - mountPath: /binary
              name: file-d0e9aff012
              subPath: binary
            - mountPath: /root.md
              name: file-7a1ae64977
              subPath: root.md
        - image: other-image
          name: c2
          resources: {}
      volumes:
        - emptyDir: {}
          name: vol-5e3859fe72
        - configMap:
            items:
              - key: file
                path: binary
            name: example-c1-file-d0e9aff012
          name: file-d0e9aff012
        - configMap:
            items:
              - key: file
                path: root.md
            name: example-c1-file-7a1ae64977
          name: file-7a1ae64977
status: {}
`);
  });

  it('reads secret outputs from their Secret, never writing the value', async () => {
    const password = encodeSecretRef('pg-abc', 'password');
    const w = workload({
      main: {
        image: 'app',
        variables: {
          PGPASSWORD: '${resources.db.password}',
          DSN: 'postgres://u:${resources.db.password}@db:5432/x',
        },
        files: { '/secrets/pw': { content: '${resources.db.password}', mode: '0400' } },
      },
    });
    const manifests = convertWorkloadToManifests(input(w, { db: ['postgres.default#example.db', { password }] }));
    validateManifests(manifests);
    expect(findSecretRef(manifests)).toBeUndefined();
    expect(byKind(manifests, 'ConfigMap')).toEqual([]);
    const pod = (byKind(manifests, 'Deployment')[0] as any).spec.template.spec;
    // The helper's name is score-k8s's (128-bit FNV-1 of name + key; checked against Go's hash/fnv).
    const helper = '__ref_gY4UpelR0DG7ZFQchsEiqg';
    expect(pod.containers[0].env).toEqual([
      { name: helper, valueFrom: { secretKeyRef: { name: 'pg-abc', key: 'password' } } },
      { name: 'DSN', value: `postgres://u:$(${helper})@db:5432/x` },
      { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'pg-abc', key: 'password' } } },
    ]);
    expect(pod.volumes).toEqual([
      {
        name: 'file-e2af5add2e',
        secret: { secretName: 'pg-abc', items: [{ key: 'password', path: 'pw', mode: 0o400 }] },
      },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'file-e2af5add2e', mountPath: '/secrets' }]);
  });

  it('refuses a file that mixes a secret with other text', () => {
    const w = workload({
      main: { image: 'app', files: { '/etc/app.conf': { content: 'password=${resources.db.password}\n' } } },
    });
    expect(() =>
      convertWorkloadToManifests(
        input(w, { db: ['postgres.default#example.db', { password: encodeSecretRef('s', 'k') }] }),
      ),
    ).toThrow(/containers\.main\.files\[\/etc\/app\.conf\]: content: mixes secret references with other text/);
  });

  it('makes a StatefulSet with claim templates when annotated', async () => {
    const w = workload(
      { db: { image: 'pg', volumes: { '/data': { source: '${resources.data}', readOnly: true } } } },
      { metadata: { name: 'example', annotations: { 'k8s.score.dev/kind': 'StatefulSet' } } },
    );
    const claimSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
    const manifests = convertWorkloadToManifests(input(w, { data: ['volume.default#example.data', { claimSpec }] }));
    validateManifests(manifests);
    expect(manifests.map((m) => `${m['kind']}/${(m['metadata'] as any).name}`)).toEqual([
      'Service/example-headless-svc',
      'StatefulSet/example',
    ]);
    const set = manifests[1] as any;
    expect(set.spec.serviceName).toBe('example-headless-svc');
    expect(set.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'vol-bd47413b5c' }, spec: claimSpec, status: {} },
    ]);
    expect(set.spec.template.spec.volumes).toBeUndefined();
    expect(set.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'vol-bd47413b5c', mountPath: '/data', readOnly: true },
    ]);
  });

  it('refuses claim templates on a Deployment and an unknown kind', () => {
    const claim = { data: ['volume.default#example.data', { claimSpec: { accessModes: ['ReadWriteOnce'] } }] } as const;
    const w = workload({ db: { image: 'pg', volumes: { '/data': { source: '${resources.data}' } } } });
    expect(() => convertWorkloadToManifests(input(w, { data: [...claim.data] }))).toThrow(
      /containers\.db\.volumes\[\/data\]: volume claims can only be set on stateful sets/,
    );
    const odd = workload(
      { db: { image: 'pg' } },
      { metadata: { name: 'x', annotations: { 'k8s.score.dev/kind': 'Job' } } },
    );
    expect(() => convertWorkloadToManifests(input(odd))).toThrow(/unsupported workload kind 'Job'/);
  });

  it('names projected volumes uniquely across containers and canonicalises quantities', async () => {
    const files = { '/etc/a': { content: 'a' }, '/etc/b': { content: 'b' } };
    const w = workload({
      one: { image: 'x', files, resources: { limits: { cpu: '0.5', memory: '1.5Gi' }, requests: { cpu: '2000m' } } },
      two: { image: 'y', files },
    });
    const manifests = convertWorkloadToManifests(input(w));
    validateManifests(manifests);
    const pod = (byKind(manifests, 'Deployment')[0] as any).spec.template.spec;
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['proj-vol-0', 'proj-vol-1']);
    expect(pod.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '1536Mi' }, requests: { cpu: '2' } });
    expect(byKind(manifests, 'ConfigMap')).toHaveLength(4);
  });

  it('names the container and field of a placeholder that does not resolve', () => {
    const w = workload({ main: { image: 'x', variables: { X: '${resources.db.nope}' } } });
    expect(() => convertWorkloadToManifests(input(w, { db: ['postgres.default#example.db', { host: 'h' }] }))).toThrow(
      /failed to convert workload 'example' to Kubernetes: containers\.main\.variables\.X: invalid ref 'resources\.db\.nope'/,
    );
  });

  it('refuses volume outputs that are not a volume', () => {
    const w = workload({ db: { image: 'pg', volumes: { '/data': { source: '${resources.data}' } } } });
    const run = (outputs: Record<string, unknown>) =>
      convertWorkloadToManifests(input(w, { data: ['volume.default#example.data', outputs] }));
    expect(() => run({ type: 'volume', source: 'x' })).toThrow(/unknown output type/);
    expect(() => run({})).toThrow(/either 'source' or 'claimSpec' required/);
    expect(() => run({ source: {} })).toThrow(/source is empty/);
  });
});
