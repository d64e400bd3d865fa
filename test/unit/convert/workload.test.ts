// convertWorkload beyond the corpus cases: volumes, probes, before, build, resources, escaping.
import { describe, expect, it } from 'vitest';
import { convertWorkload, type ConvertInput } from '../../../src/convert/workload.js';
import type { ResourceBinding } from '../../../src/placeholders/types.js';
import type { Container, Workload } from '../../../src/score/types.js';
import { tableBindings } from './fake-resources.js';

function convert(
  containers: Record<string, Container>,
  extra: Partial<ConvertInput> & { resources?: ConvertInput['resources'] } = {},
  resources: Workload['resources'] = undefined,
) {
  const workload: Workload = {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'example' },
    containers,
    ...(resources ? { resources } : {}),
  };
  return convertWorkload({
    workload,
    projectDir: '/p',
    resources: () => undefined,
    mountsDirectory: '.score-compose/mounts',
    readFile: () => Buffer.alloc(0),
    ...extra,
  });
}

const PREFIX = "failed to convert workload 'example' to Docker compose: ";

describe('volumes', () => {
  // The custom provisioners of TestInitAndGenerate_with_volume_types_* and their expected output.
  const table: Record<string, ResourceBinding> = {
    v1: { uid: 'tmp-volume.default#example.v1', outputs: { type: 'tmpfs', tmpfs: { size: 10000000 } } },
    v2: { uid: 'bind-volume.default#example.v2', outputs: { type: 'bind', source: '/dev/something', bind: {} } },
    v3: { uid: 'volume.default#example.v3', outputs: { type: 'volume', source: 'named-volume' } },
  };
  const resources = { v1: { type: 'tmp-volume' }, v2: { type: 'bind-volume' }, v3: { type: 'volume' } };
  const volumes = {
    '/mnt/v1': { source: '${resources.v1}' },
    '/mnt/v2': { source: '${resources.v2}', path: 'thing' },
    '/mnt/v3': { source: '${resources.v3}', path: 'other/thing' },
  };

  it('maps volume, tmpfs and bind outputs, joins paths and sorts by source', () => {
    const out = convert({ example: { image: 'busybox', volumes } }, { resources: tableBindings(table) }, resources);
    expect(out.services['example-example']?.volumes).toEqual([
      { type: 'bind', source: '/dev/something/thing', target: '/mnt/v2', bind: { create_host_path: false } },
      { type: 'volume', source: 'named-volume', target: '/mnt/v3', volume: { subpath: 'other/thing' } },
      { type: 'tmpfs', source: 'tmp-volume.default#example.v1', target: '/mnt/v1', tmpfs: { size: '10000000' } },
    ]);
  });

  it('bind create_host_path: true is the compose default and is left out', () => {
    const t = {
      ...table,
      v2: { uid: 'b.default#example.v2', outputs: { type: 'bind', source: '/x', bind: { create_host_path: true } } },
    };
    const out = convert(
      { example: { image: 'busybox', volumes: { '/m': { source: '${resources.v2}' } } } },
      { resources: tableBindings(t) },
      resources,
    );
    expect(out.services['example-example']?.volumes?.[0]?.bind).toEqual({});
  });

  it('appends the Score path to an existing subpath', () => {
    const t = {
      v3: {
        uid: 'volume.default#example.v3',
        outputs: { type: 'volume', source: 'n', volume: { subpath: 'base', nocopy: true } },
      },
    };
    const out = convert(
      { example: { image: 'b', volumes: { '/m': { source: '${resources.v3}', path: 'sub/', readOnly: true } } } },
      { resources: tableBindings(t) },
      resources,
    );
    expect(out.services['example-example']?.volumes).toEqual([
      { type: 'volume', source: 'n', target: '/m', read_only: true, volume: { nocopy: true, subpath: 'base/sub' } },
    ]);
  });

  it.each([
    [
      { type: 'tmpfs' },
      'thing',
      "containers.example.volumes[/m]: can't mount named tmpfs volume with sub path 'thing': not supported",
    ],
    [
      { type: 'nfs' },
      undefined,
      "containers.example.volumes[/m]: resource 'volume.default#example.v3' has invalid type 'nfs'",
    ],
    [
      { source: 'x' },
      undefined,
      "containers.example.volumes[/m]: resource 'volume.default#example.v3' has no 'type' output",
    ],
    [
      { type: 'volume', source: 'x', extra: 1 },
      undefined,
      `resource 'volume.default#example.v3' outputs cannot decode for volume: unknown field "extra"`,
    ],
    [
      { type: 'bind', source: 'x', bind: { bogus: 1 } },
      undefined,
      `outputs cannot decode for bind: unknown field "bind.bogus"`,
    ],
    [
      { type: 'tmpfs', tmpfs: { size: [] } },
      undefined,
      'outputs cannot decode for tmpfs: field "tmpfs.size" must be a byte size',
    ],
  ])('rejects outputs %j', (outputs, path, message) => {
    const t = { v3: { uid: 'volume.default#example.v3', outputs } };
    const vol = { source: '${resources.v3}', ...(path ? { path } : {}) };
    const run = () =>
      convert({ example: { image: 'b', volumes: { '/m': vol } } }, { resources: tableBindings(t) }, resources);
    expect(run).toThrow(message);
    expect(run).toThrow(PREFIX);
  });

  it('finds a resource spelled out by uid through resourceByUid', () => {
    const shared: ResourceBinding = { uid: 'volume.default#shared', outputs: { type: 'volume', source: 'shared-vol' } };
    const out = convert(
      { example: { image: 'b', volumes: { '/m': { source: 'volume.default#shared' } } } },
      { resourceByUid: (uid) => (uid === shared.uid ? shared : undefined) },
    );
    expect(out.services['example-example']?.volumes).toEqual([{ type: 'volume', source: 'shared-vol', target: '/m' }]);
  });

  it('rejects a plain source that no compose volume declares, with a hint', () => {
    const run = () => convert({ example: { image: 'b', volumes: { '/m': { source: 'my-data' } } } });
    expect(run).toThrow(
      `${PREFIX}containers.example.volumes[/m]: volume source 'my-data' is neither a resource nor a declared compose volume`,
    );
    try {
      run();
    } catch (err) {
      expect((err as { hint?: string }).hint).toContain('type: volume');
    }
    const ok = convert(
      { example: { image: 'b', volumes: { '/m': { source: 'my-data' } } } },
      { declaredVolumes: ['my-data'] },
    );
    expect(ok.services['example-example']?.volumes).toEqual([{ type: 'volume', source: 'my-data', target: '/m' }]);
  });

  it('reports unknown placeholders in the source', () => {
    const run = () => convert({ example: { image: 'b', volumes: { '/m': { source: '${metadata.nope}' } } } });
    expect(run).toThrow(`${PREFIX}containers.example.volumes[/m]: invalid ref 'metadata.nope': key 'nope' not found`);
  });
});

describe('probes', () => {
  const exec = (command: string[]) => ({ exec: { command } });
  const http = { httpGet: { path: '/', port: 8080 } };

  it('prefers the readiness probe', () => {
    const out = convert({ c: { image: 'b', readinessProbe: exec(['ready']), livenessProbe: exec(['live']) } });
    expect(out.services['example-c']?.healthcheck).toEqual({ test: ['CMD', 'ready'], timeout: '5s', interval: '5s' });
    expect(out.warnings).toEqual([]);
  });

  it('takes the healthcheck from an exec liveness probe when readiness is httpGet-only, and honours both', () => {
    const out = convert({ c: { image: 'b', readinessProbe: http, livenessProbe: exec(['live']) } });
    expect(out.services['example-c']?.healthcheck?.test).toEqual(['CMD', 'live']);
    expect(out.readinessServices).toEqual(['example-c.ready']);
    expect(out.warnings).toEqual([]);
  });

  it('emits no healthcheck for httpGet-only probes, but a readiness service (readiness.test.ts)', () => {
    const out = convert({ c: { image: 'b', livenessProbe: http } });
    expect(out.services['example-c']?.healthcheck).toBeUndefined();
    expect(out.readinessServices).toEqual(['example-c.ready']);
    expect(out.warnings).toEqual([]);
  });

  it('rejects empty and missing probe definitions', () => {
    expect(() => convert({ c: { image: 'b', readinessProbe: exec([]) } })).toThrow(
      `${PREFIX}containers.c.readinessProbe: exec command is empty`,
    );
    expect(() => convert({ c: { image: 'b', livenessProbe: {} } })).toThrow(
      `${PREFIX}containers.c.livenessProbe: exec or httpGet must be specified`,
    );
  });
});

describe('before', () => {
  it('maps ready: healthy on a container whose probes are httpGet-only to its readiness service', () => {
    const out = convert({
      init: {
        image: 'b',
        before: { main: { ready: 'healthy' } },
        readinessProbe: { httpGet: { path: '/', port: 80 } },
      },
      main: { image: 'n' },
    });
    expect(out.services['example-main']?.depends_on).toEqual({
      'example-init.ready': { condition: 'service_completed_successfully', required: true },
    });
  });

  it('maps ready: healthy with an exec probe to service_healthy', () => {
    const out = convert({
      db: { image: 'b', before: { app: { ready: 'healthy' } }, livenessProbe: { exec: { command: ['pg_isready'] } } },
      app: { image: 'n' },
    });
    expect(out.services['example-app']?.depends_on).toEqual({
      'example-db': { condition: 'service_healthy', required: true },
    });
    expect(out.services['example-app']?.hostname).toBe('example');
    // db must be healthy before app starts, so it cannot live in app's network namespace.
    expect(out.services['example-db']?.network_mode).toBeUndefined();
  });

  it('keeps containers that start after the primary in its network namespace', () => {
    const out = convert({
      'a-side': { image: 'n', before: { 'z-last': { ready: 'started' } } },
      main: { image: 'm' },
      'z-last': { image: 'b' },
    });
    // a-side has a before entry, so main is primary; a-side only has to start before z-last.
    expect(out.services['example-main']?.hostname).toBe('example');
    expect(out.services['example-a-side']?.network_mode).toBe('service:example-main');
    expect(out.services['example-z-last']?.network_mode).toBe('service:example-main');
  });

  it('rejects unknown ready conditions', () => {
    const run = () => convert({ a: { image: 'b', before: { m: { ready: 'soon' } } }, m: { image: 'n' } });
    expect(run).toThrow(`${PREFIX}containers.a.before.m: unknown ready condition "soon"`);
  });
});

describe('service fields', () => {
  it('replaces the image with a stored build config and logs it', () => {
    const out = convert({ c: { image: '.' } }, { buildConfigs: { c: { context: './dir', args: { DEBUG: null } } } });
    expect(out.services['example-c']).toEqual({
      annotations: { 'compose.score.dev/workload-name': 'example' },
      build: { context: './dir', args: { DEBUG: null } },
      hostname: 'example',
    });
    expect(out.logs).toEqual(['containers.c: overriding container build config to context=./dir']);
  });

  it('escapes $ in command and args but not variables, which keep their $$ escapes', () => {
    const out = convert({
      c: {
        image: 'b',
        command: ['sh', '-c', 'echo $HOME'],
        args: ['$${GREETING}', '${X}'],
        variables: { A: 'a $$ b $${c}', B: '${metadata.name}' },
      },
    });
    const svc = out.services['example-c'];
    expect(svc?.entrypoint).toEqual(['sh', '-c', 'echo $$HOME']);
    expect(svc?.command).toEqual(['$${GREETING}', '$${X}']);
    expect(svc?.environment).toEqual({ A: 'a $$ b $${c}', B: 'example' });
  });

  it('reports variable substitution errors with the variable path', () => {
    expect(() => convert({ c: { image: 'b', variables: { X: '${resources.nope.x}' } } })).toThrow(
      `${PREFIX}containers.c.variables.X: invalid ref 'resources.nope.x': no known resource 'nope'`,
    );
  });

  it('copies workload annotations and adds the workload name', () => {
    const workload: Workload = {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'w', annotations: { 'a.b/c': 'd' } },
      containers: { c: { image: 'i' } },
    };
    const out = convertWorkload({
      workload,
      projectDir: '/p',
      resources: () => undefined,
      mountsDirectory: 'm',
      readFile: () => Buffer.alloc(0),
    });
    expect(out.services['w-c']?.annotations).toEqual({ 'a.b/c': 'd', 'compose.score.dev/workload-name': 'w' });
    expect(out.services['w-c']).not.toHaveProperty('labels');
  });

  it('maps resource limits and requests to deploy.resources', () => {
    const out = convert({
      c: {
        image: 'b',
        resources: { limits: { cpu: '1000m', memory: '10Gi' }, requests: { cpu: '0.24', memory: '128Mi' } },
      },
    });
    expect(out.services['example-c']?.deploy).toEqual({
      resources: { limits: { cpus: '1', memory: '10g' }, reservations: { cpus: '0.24', memory: '128m' } },
    });
    expect(out.warnings).toEqual([]);
  });

  it('rejects invalid quantities', () => {
    expect(() => convert({ c: { image: 'b', resources: { limits: { memory: 'lots' } } } })).toThrow(
      `${PREFIX}containers.c.resources.limits.memory: invalid memory quantity 'lots'`,
    );
    expect(() => convert({ c: { image: 'b', resources: { requests: { cpu: '0' } } } })).toThrow(
      `${PREFIX}containers.c.resources.requests.cpu: invalid CPU quantity '0'`,
    );
  });
});
