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
import { checkoutOwner } from '../../../src/runtime/identity/checkout.js';

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
      images: [],
      kept: { workingDirs: [], containers: [], networks: [], volumes: [] },
    });
  });

  it("with an owner, removes only this checkout's: another directory keeps its containers and what they use", async () => {
    const wd = (dir: string) => ({ 'com.docker.compose.project.working_dir': dir });
    const mine = (c: ContainerSummary) => ({ ...c, Labels: { ...c.Labels, ...wd('/b/shop') } });
    const theirs = (c: ContainerSummary) => ({ ...c, Labels: { ...c.Labels, ...wd('/a/shop') } });
    const { rt, calls } = fake(
      [
        theirs(
          row('shop', 'db', '', {
            Id: 'id-a-db',
            Names: ['/shop-db-1'],
            Mounts: [{ Type: 'volume', Name: 'shop_pg' }],
            NetworkSettings: { Networks: { shop_default: {} } },
          }),
        ),
        mine(row('shop', 'cache', '', { Id: 'id-b-cache', Names: ['/shop-cache-1'] })),
        // No working-dir label (an old or foreign container): this checkout's.
        row('shop', 'old', '', { Id: 'id-old', Names: ['/shop-old-1'] }),
        // Started from a directory that no longer exists: a leftover, this checkout's.
        {
          ...row('shop', 'gone', '', { Id: 'id-gone', Names: ['/shop-gone-1'] }),
          Labels: { ...row('shop', 'gone').Labels, ...wd('/deleted/shop') },
        },
      ],
      [
        { Id: 'n1', Name: 'shop_default', Driver: 'bridge', Labels: { 'com.docker.compose.project': 'shop' } },
        {
          Id: 'n2',
          Name: 'shop_b',
          Driver: 'bridge',
          Labels: { 'com.docker.compose.project': 'shop', ...wd('/b/shop') },
        },
      ],
      [
        // Mounted by the other checkout's container.
        { Name: 'shop_pg', Driver: 'local', Labels: { 'com.docker.compose.project': 'shop' } },
        // Created by the other checkout, not mounted right now (it ran down without -v).
        { Name: 'shop_redis', Driver: 'local', Labels: { 'com.docker.compose.project': 'shop', ...wd('/a/shop') } },
        { Name: 'shop_cache', Driver: 'local', Labels: { 'com.docker.compose.project': 'shop', ...wd('/b/shop') } },
        { Name: 'shop_compose', Driver: 'local', Labels: { 'com.docker.compose.project': 'shop' } },
      ],
    );
    const logger = memoryLogger();
    const owner = checkoutOwner('/b/shop', (dir) => dir !== '/deleted/shop');
    const result = await down(rt, { projectName: 'shop', volumes: true, owner, logger });
    expect(calls.join()).not.toMatch(/id-a-db|rm-net n1|shop_pg|shop_redis/);
    expect(result).toMatchObject({
      containers: ['shop-cache-1', 'shop-gone-1', 'shop-old-1'],
      networks: ['shop_b'],
      volumes: ['shop_cache', 'shop_compose'],
      kept: {
        workingDirs: ['/a/shop'],
        containers: ['shop-db-1'],
        networks: ['shop_default'],
        volumes: ['shop_pg', 'shop_redis'],
      },
    });
    expect(logger.lines).toContain(
      'WARN: Left alone, as they belong to another directory using the project name "shop" (/a/shop): ' +
        'containers shop-db-1; networks shop_default; volumes shop_pg, shop_redis. ' +
        "Run down in that directory, or `down --project-name shop` to remove every directory's.",
    );
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
