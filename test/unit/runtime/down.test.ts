import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/common/log.js';
import type {
  ContainerRuntime,
  ContainerSummary,
  Filters,
  NetworkSummary,
  VolumeSummary,
} from '../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../src/runtime/engine/container-runtime.js';
import { dependenciesFromLabels, down } from '../../../src/runtime/down.js';

const row = (project: string, service: string, deps = '', extra: Partial<ContainerSummary> = {}): ContainerSummary => ({
  Id: `id-${project}-${service}`,
  Names: [`/${project}-${service}-1`],
  Image: 'x',
  ImageID: 'x',
  State: 'running',
  Status: 'Up',
  Created: 0,
  Labels: {
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
    'com.docker.compose.depends_on': deps,
  },
  ...extra,
});

/** A 64-hex anonymous volume name derived from a container id (what a recreate carries over). */
const anonymous = (id: string): string => Buffer.from(id).toString('hex').padEnd(64, '0').slice(0, 64);

function fake(containers: ContainerSummary[], networks: NetworkSummary[], volumes: VolumeSummary[]) {
  const calls: string[] = [];
  const byLabel = <T extends { Labels: Record<string, string> }>(items: T[], f?: Filters): T[] => {
    const want = f?.label?.[0]?.split('=')[1];
    return items.filter((i) => want === undefined || i.Labels['com.docker.compose.project'] === want);
  };
  const rt = {
    listContainers: async (o: { filters?: Filters }) => byLabel(containers, o.filters),
    listNetworks: async (f?: Filters) => byLabel(networks, f),
    listVolumes: async (f?: Filters) => byLabel(volumes, f),
    stopContainer: async (id: string) => {
      await new Promise((r) => setTimeout(r, id.includes('db') ? 1 : 10));
      calls.push(`stop ${id}`);
    },
    // Each container has an image VOLUME carried over by an earlier recreate (anon-<id>).
    inspectContainer: async (id: string) => ({
      Mounts: [{ Type: 'volume', Name: anonymous(id), Source: '', Destination: '/data' }],
    }),
    removeContainer: async (id: string, o: { volumes?: boolean }) => {
      calls.push(`rm ${id}${o.volumes === true ? ' -v' : ''}`);
    },
    removeNetwork: async (id: string) => {
      if (id === 'busy') throw new EngineRequestError(403, 'network has active endpoints');
      calls.push(`rm-net ${id}`);
    },
    removeVolume: async (name: string) => {
      calls.push(`rm-vol ${name}`);
    },
  } as unknown as ContainerRuntime;
  return { rt, calls };
}

describe('down', () => {
  it('removes dependants before dependencies, then networks and (with -v) volumes, only for the project', async () => {
    const { rt, calls } = fake(
      [
        row('p', 'web', 'api:service_started:false'),
        row('p', 'api', 'db:service_healthy:false,init:service_completed_successfully:false'),
        row('p', 'init', 'db:service_healthy:false', { State: 'exited' }),
        row('p', 'db'),
        row('other', 'db'),
      ],
      [
        { Id: 'n1', Name: 'p_default', Driver: 'bridge', Labels: { 'com.docker.compose.project': 'p' } },
        { Id: 'n2', Name: 'other_default', Driver: 'bridge', Labels: { 'com.docker.compose.project': 'other' } },
      ],
      [
        { Name: 'p_data', Driver: 'local', Labels: { 'com.docker.compose.project': 'p' } },
        { Name: 'redis-x-data', Driver: 'local', Labels: { 'com.docker.compose.project': 'p' } },
        { Name: 'other_data', Driver: 'local', Labels: { 'com.docker.compose.project': 'other' } },
      ],
    );
    const result = await down(rt, { projectName: 'p', volumes: true, logger: memoryLogger() });
    const idx = (s: string): number => calls.indexOf(s);
    expect(idx('rm id-p-web -v')).toBeLessThan(idx('stop id-p-api'));
    expect(idx('rm id-p-api -v')).toBeLessThan(idx('rm id-p-init -v'));
    expect(idx('rm id-p-init -v')).toBeLessThan(idx('stop id-p-db'));
    expect(calls).not.toContain('stop id-p-init');
    expect(calls.join()).not.toContain('other');
    // A carried-over anonymous volume is mounted by name, so rm -v keeps it: down removes it.
    expect(idx(`rm-vol ${anonymous('id-p-db')}`)).toBeGreaterThan(idx('rm id-p-db -v'));
    expect(result).toEqual({
      containers: ['p-api-1', 'p-db-1', 'p-init-1', 'p-web-1'],
      networks: ['p_default'],
      volumes: ['p_data', 'redis-x-data'],
    });
  });

  it('keeps volumes without -v and warns about a network still in use', async () => {
    const { rt, calls } = fake(
      [],
      [{ Id: 'busy', Name: 'p_default', Driver: 'bridge', Labels: { 'com.docker.compose.project': 'p' } }],
      [{ Name: 'p_data', Driver: 'local', Labels: { 'com.docker.compose.project': 'p' } }],
    );
    const logger = memoryLogger();
    await down(rt, { projectName: 'p', logger });
    expect(calls).toEqual([]);
    expect(logger.lines.join('\n')).toContain('WARN: Network p_default not removed: network has active endpoints');
  });

  it('warns when nothing belongs to the project', async () => {
    const { rt } = fake([], [], []);
    const logger = memoryLogger();
    await down(rt, { projectName: 'Empty', logger });
    expect(logger.lines).toContain('WARN: No resource found to remove for project "empty".');
  });

  it('derives dependencies from depends_on labels and container: network modes', () => {
    const deps = dependenciesFromLabels([
      row('p', 'web'),
      row('p', 'side', '', { HostConfig: { NetworkMode: 'container:id-p-web' } }),
    ]);
    expect([...(deps.get('side') ?? [])]).toEqual(['web']);
  });
});
