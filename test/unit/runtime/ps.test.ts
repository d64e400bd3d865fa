import { describe, expect, it } from 'vitest';
import type {
  ContainerInspect,
  ContainerRuntime,
  ContainerSummary,
  Filters,
} from '../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../src/runtime/engine/container-runtime.js';
import { formatPsTable, ps, type ServiceStatus } from '../../../src/runtime/ps.js';

function inspect(
  id: string,
  service: string,
  state: Partial<ContainerInspect['State']>,
  ports: ContainerInspect['NetworkSettings']['Ports'] = {},
): ContainerInspect {
  return {
    Id: id,
    Name: `/demo-${service}-1`,
    Created: '',
    Image: 'sha256:x',
    Config: { Image: `img-${service}`, Labels: { 'com.docker.compose.service': service } },
    State: { Status: 'running', Running: true, ExitCode: 0, ...state },
    HostConfig: {},
    NetworkSettings: { Networks: {}, Ports: ports },
    Mounts: [],
  };
}

function fake(
  containers: ContainerInspect[],
  gone: string[] = [],
): { runtime: ContainerRuntime; calls: { all?: boolean; filters?: Filters }[] } {
  const calls: { all?: boolean; filters?: Filters }[] = [];
  const runtime = {
    listContainers: async (o: { all?: boolean; filters?: Filters }) => {
      calls.push(o);
      return containers.map(
        (c) => ({ Id: c.Id, Labels: c.Config.Labels, Names: [c.Name] }) as unknown as ContainerSummary,
      );
    },
    inspectContainer: async (id: string) => {
      if (gone.includes(id)) throw new EngineRequestError(404, `no such container ${id}`);
      const c = containers.find((x) => x.Id === id);
      if (c === undefined) throw new Error('unexpected');
      return c;
    },
  } as unknown as ContainerRuntime;
  return { runtime, calls };
}

describe('ps', () => {
  it('filters by the compose labels and returns rows sorted by service', async () => {
    const { runtime, calls } = fake(
      [
        inspect(
          '2',
          'web',
          { Health: { Status: 'healthy' } },
          { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9090/tcp': null },
        ),
        inspect('1', 'db', { Status: 'exited', Running: false, ExitCode: 3 }),
        inspect('3', 'gone', {}),
      ],
      ['3'],
    );
    const rows = await ps(runtime, { projectName: 'Demo', all: true });
    expect(calls).toEqual([
      {
        all: true,
        filters: {
          label: [
            'com.docker.compose.project=demo',
            'com.docker.compose.config-hash',
            'com.docker.compose.oneoff=False',
          ],
        },
      },
    ]);
    expect(rows).toMatchObject([
      { service: 'db', container: 'demo-db-1', state: 'exited', health: '', exitCode: 3, ports: [], image: 'img-db' },
      {
        service: 'web',
        container: 'demo-web-1',
        state: 'running',
        health: 'healthy',
        exitCode: 0,
        ports: [
          { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' },
          { hostIp: '', hostPort: 0, containerPort: 9090, protocol: 'tcp' },
        ],
        image: 'img-web',
      },
    ]);
  });

  it('adds a service filter when exactly one service is asked for', async () => {
    const { runtime, calls } = fake([inspect('1', 'db', {})]);
    await ps(runtime, { projectName: 'p', services: ['db'] });
    expect(calls[0]?.filters?.['label']).toContain('com.docker.compose.service=db');
    expect(calls[0]?.all).toBe(false);
  });
});

/** A row with the fields the table does not show filled in. */
const row = (
  r: Pick<ServiceStatus, 'service' | 'container' | 'state' | 'health' | 'exitCode' | 'image' | 'ports'>,
) => ({
  id: `id-${r.service}`,
  project: 'demo',
  status: 'Up 1 second',
  created: '2026-12-02T09:21:42Z',
  command: '',
  labels: {},
  networks: [],
  mounts: [],
  ...r,
});

describe('formatPsTable', () => {
  it('aligns columns like docker compose ps', () => {
    const rows: ServiceStatus[] = [
      row({
        service: 'db',
        container: 'demo-db-1',
        state: 'running',
        health: 'healthy',
        exitCode: 0,
        image: 'postgres:16',
        ports: [{ hostIp: '0.0.0.0', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }],
      }),
      row({
        service: 'init',
        container: 'demo-init-1',
        state: 'exited',
        health: '',
        exitCode: 0,
        image: 'busybox',
        ports: [],
      }),
      row({
        service: 'web',
        container: 'demo-web-1',
        state: 'running',
        health: '',
        exitCode: 0,
        image: 'demo-web',
        ports: [
          { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp' },
        ],
      }),
    ];
    expect(formatPsTable(rows)).toBe(
      [
        'NAME          IMAGE         SERVICE   STATUS              PORTS',
        'demo-db-1     postgres:16   db        running (healthy)   0.0.0.0:5432->5432/tcp',
        'demo-init-1   busybox       init      exited (0)',
        'demo-web-1    demo-web      web       running             [::]:8080->80/tcp, 53/udp',
        '',
      ].join('\n'),
    );
  });

  it('prints just the header for no rows', () => {
    expect(formatPsTable([])).toBe('NAME   IMAGE   SERVICE   STATUS   PORTS\n');
  });
});
