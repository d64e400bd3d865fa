import { describe, expect, it } from 'vitest';
import type { ComposeProject, ComposeService } from '../../../../src/compose/types.js';
import { ScoreComposeError } from '../../../../src/common/errors.js';
import { buildContainerSpec, type SpecContext } from '../../../../src/runtime/spec/container-spec.js';

const project = (services: Record<string, ComposeService>, extra: Partial<ComposeProject> = {}): ComposeProject => ({
  name: 'demo',
  services,
  ...extra,
});

const ctx = (p: ComposeProject, over: Partial<SpecContext> = {}): SpecContext => ({
  projectName: 'demo',
  project: p,
  projectDir: '/work/proj',
  configFiles: ['/work/proj/compose.yaml'],
  apiVersion: '1.41',
  configHash: 'abc123',
  imageId: 'sha256:img',
  containerIdOf: (s) => (s === 'db' ? 'dbid0123456789' : undefined),
  ...over,
});

const spec = (svc: ComposeService, over: Partial<SpecContext> = {}, extra: Partial<ComposeProject> = {}) => {
  const p = project({ web: svc, db: { image: 'postgres' } }, extra);
  return buildContainerSpec('web', svc, ctx(p, over));
};

describe('buildContainerSpec', () => {
  it('maps image, command, env, hostname, user and labels with compose labels winning', () => {
    const s = spec(
      {
        image: 'nginx:1',
        entrypoint: ['/bin/sh', '-c'],
        command: ['echo hi'],
        environment: { A: '1', EMPTY: '', BARE: null },
        hostname: 'web',
        user: '1000:1000',
        working_dir: '/app',
        labels: { 'com.docker.compose.project': 'evil', mine: 'x' },
        depends_on: { db: { condition: 'service_healthy', required: true, restart: true } },
      },
      { lookupEnv: (n) => (n === 'BARE' ? 'from-shell' : undefined) },
    );
    expect(s.name).toBe('demo-web-1');
    expect(s.body.Image).toBe('nginx:1');
    expect(s.body.Entrypoint).toEqual(['/bin/sh', '-c']);
    expect(s.body.Cmd).toEqual(['echo hi']);
    expect(s.body.Env).toEqual(['A=1', 'EMPTY=', 'BARE=from-shell']);
    expect(s.body.Hostname).toBe('web');
    expect(s.body.User).toBe('1000:1000');
    expect(s.body.WorkingDir).toBe('/app');
    expect(s.body.Labels).toMatchObject({
      mine: 'x',
      'com.docker.compose.project': 'demo',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': 'abc123',
      'com.docker.compose.image': 'sha256:img',
      'com.docker.compose.depends_on': 'db:service_healthy:true',
      'com.docker.compose.project.working_dir': '/work/proj',
      'com.docker.compose.project.config_files': '/work/proj/compose.yaml',
    });
  });

  it('passes an unresolved bare environment key through as KEY', () => {
    expect(spec({ image: 'x', environment: { ONLY: null } }).body.Env).toEqual(['ONLY']);
  });

  it('splits string commands shell-style and uses <project>-<service> for build-only services', () => {
    const s = spec({ build: { context: '.' }, command: 'sh -c "echo a b" \'c d\'' } as unknown as ComposeService);
    expect(s.body.Image).toBe('demo-web');
    expect(s.body.Cmd).toEqual(['sh', '-c', 'echo a b', 'c d']);
  });

  it('converts healthcheck durations to nanoseconds and string tests to CMD-SHELL', () => {
    const s = spec({
      image: 'x',
      healthcheck: { test: 'pg_isready', interval: '1m30s', timeout: '500ms', start_period: '2s', retries: 5 },
    });
    expect(s.body.Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'pg_isready'],
      Interval: 90e9,
      Timeout: 5e8,
      StartPeriod: 2e9,
      Retries: 5,
    });
    expect(spec({ image: 'x', healthcheck: { disable: true } }).body.Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('drops start_interval below API 1.44 with a note, and keeps it above', () => {
    const hc = { test: ['CMD', 'true'], start_interval: '1s' };
    const old = spec({ image: 'x', healthcheck: hc });
    expect(old.body.Healthcheck?.StartInterval).toBeUndefined();
    expect(old.notes.join()).toContain('start_interval');
    expect(spec({ image: 'x', healthcheck: hc }, { apiVersion: '1.44' }).body.Healthcheck?.StartInterval).toBe(1e9);
  });

  it('rejects an invalid duration naming the field', () => {
    expect(() => spec({ image: 'x', healthcheck: { interval: '5 seconds' } })).toThrow(
      'service "web": healthcheck.interval: invalid duration "5 seconds"',
    );
  });

  it('maps ports with host_ip, ephemeral ports, short syntax, ranges and expose', () => {
    const s = spec({
      image: 'x',
      ports: [
        { target: 80, published: '8080' },
        { target: 443, host_ip: '127.0.0.1', protocol: 'tcp' },
        '127.0.0.1:5353:53/udp' as never,
        '9000-9001:7000-7001' as never,
      ],
      expose: ['3000', '4000/udp'],
    } as ComposeService);
    expect(s.body.ExposedPorts).toEqual({
      '80/tcp': {},
      '443/tcp': {},
      '53/udp': {},
      '7000/tcp': {},
      '7001/tcp': {},
      '3000/tcp': {},
      '4000/udp': {},
    });
    expect(s.body.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostPort: '8080' }],
      '443/tcp': [{ HostIp: '127.0.0.1' }],
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
      '7000/tcp': [{ HostPort: '9000' }],
      '7001/tcp': [{ HostPort: '9001' }],
    });
  });

  it('maps bind, named, anonymous and tmpfs volumes', () => {
    const s = spec(
      {
        image: 'x',
        volumes: [
          { type: 'bind', source: './.score-compose/mounts/a', target: '/etc/a', read_only: true },
          { type: 'bind', source: '/abs', target: '/abs' },
          { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } },
          { type: 'volume', source: 'named', target: '/named' },
          { type: 'volume', target: '/anon' },
          { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: 1777 } },
          'cache:/cache:ro' as never,
        ],
      } as ComposeService,
      {},
      { volumes: { data: {}, named: { name: 'fixed-name' }, cache: {} } },
    );
    expect(s.body.HostConfig.Binds).toEqual(['/work/proj/.score-compose/mounts/a:/etc/a:ro', '/abs:/abs:rw']);
    expect(s.body.HostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'demo_data', Target: '/data', ReadOnly: false, VolumeOptions: { NoCopy: true } },
      { Type: 'volume', Source: 'fixed-name', Target: '/named', ReadOnly: false },
      { Type: 'volume', Target: '/anon', ReadOnly: false },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 1777 } },
      { Type: 'volume', Source: 'demo_cache', Target: '/cache', ReadOnly: true },
    ]);
  });

  it('refuses a volume subpath on engines older than API 1.45, and maps it on newer ones', () => {
    const svc: ComposeService = {
      image: 'x',
      volumes: [{ type: 'volume', source: 'data', target: '/d', volume: { subpath: 'sub' } }],
    };
    const vols = { volumes: { data: {} } };
    expect(() => spec(svc, {}, vols)).toThrow(
      /volume subpath "sub" needs Docker Engine API 1.45 or newer, but the engine speaks 1.41/,
    );
    expect(spec(svc, { apiVersion: '1.45' }, vols).body.HostConfig.Mounts?.[0]?.VolumeOptions).toEqual({
      Subpath: 'sub',
    });
  });

  it('joins the default network with the service name and hostname as aliases', () => {
    const s = spec({ image: 'x', hostname: 'api' });
    expect(s.body.HostConfig.NetworkMode).toBe('demo_default');
    expect(s.body.NetworkingConfig).toEqual({ EndpointsConfig: { demo_default: { Aliases: ['web', 'api'] } } });
    expect(s.extraNetworks).toEqual([]);
  });

  it('creates on the first network and connects the others afterwards', () => {
    const s = spec(
      { image: 'x', networks: { front: { aliases: ['www'] }, back: null } },
      {},
      { networks: { front: {}, back: { name: 'shared-back' } } },
    );
    expect(s.body.HostConfig.NetworkMode).toBe('shared-back');
    expect(s.body.NetworkingConfig?.EndpointsConfig).toEqual({ 'shared-back': { Aliases: ['web'] } });
    expect(s.extraNetworks).toEqual([{ network: 'demo_front', endpoint: { Aliases: ['web', 'www'] } }]);
  });

  it('maps network_mode service:x to the container id and drops the hostname', () => {
    const s = spec({ image: 'x', network_mode: 'service:db', hostname: 'side' });
    expect(s.body.HostConfig.NetworkMode).toBe('container:dbid0123456789');
    expect(s.body.Hostname).toBeUndefined();
    expect(s.body.NetworkingConfig).toBeUndefined();
    expect(s.notes.join()).toContain('hostname ignored');
    expect(() => spec({ image: 'x', network_mode: 'service:db', ports: [{ target: 80, published: '80' }] })).toThrow(
      /ports cannot be published/,
    );
  });

  it('passes host network modes verbatim', () => {
    expect(spec({ image: 'x', network_mode: 'host' }).body.HostConfig.NetworkMode).toBe('host');
  });

  it('maps host config fields', () => {
    const h = spec({
      image: 'x',
      restart: 'on-failure:3',
      read_only: true,
      privileged: true,
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      mem_limit: '512m',
      init: true,
      tty: true,
      stdin_open: true,
      stop_signal: 'SIGINT',
      stop_grace_period: '1m30s',
      extra_hosts: ['host.docker.internal=host-gateway', 'a:1.2.3.4'],
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 65535 },
      sysctls: { 'net.core.somaxconn': 1024 },
      security_opt: ['no-new-privileges:true'],
      shm_size: '1g',
      dns: '8.8.8.8',
      dns_search: ['example.com'],
      tmpfs: ['/run:size=64m', '/cache'],
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
    } as ComposeService);
    expect(h.body.Tty).toBe(true);
    expect(h.body.OpenStdin).toBe(true);
    expect(h.body.StopSignal).toBe('SIGINT');
    expect(h.body.StopTimeout).toBe(90);
    expect(h.body.HostConfig).toMatchObject({
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      ReadonlyRootfs: true,
      Privileged: true,
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['ALL'],
      Memory: 512 * 1024 * 1024,
      Init: true,
      ExtraHosts: ['host.docker.internal:host-gateway', 'a:1.2.3.4'],
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 2048 },
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
      ],
      Sysctls: { 'net.core.somaxconn': '1024' },
      SecurityOpt: ['no-new-privileges:true'],
      ShmSize: 1024 ** 3,
      Dns: ['8.8.8.8'],
      DnsSearch: ['example.com'],
      Tmpfs: { '/run': 'size=64m', '/cache': '' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
    });
  });

  it('maps deploy.resources over the legacy fields', () => {
    const h = spec({
      image: 'x',
      mem_limit: '1g',
      cpus: '2',
      deploy: { resources: { limits: { cpus: '0.5', memory: '256M' }, reservations: { memory: '128m' } } },
    } as ComposeService).body.HostConfig;
    expect(h.Memory).toBe(256 * 1024 * 1024);
    expect(h.NanoCpus).toBe(5e8);
    expect(h.MemoryReservation).toBe(128 * 1024 * 1024);
    expect(spec({ image: 'x', cpus: 1.5 } as ComposeService).body.HostConfig.NanoCpus).toBe(1.5e9);
  });

  it('keeps annotations on API 1.43+ and drops them with a note before', () => {
    const svc: ComposeService = { image: 'x', annotations: { 'a.b': 'c' } };
    const old = spec(svc);
    expect(old.body.HostConfig.Annotations).toBeUndefined();
    expect(old.notes.join()).toContain('annotations');
    expect(spec(svc, { apiVersion: '1.43' }).body.HostConfig.Annotations).toEqual({ 'a.b': 'c' });
  });

  it('rejects unsupported fields with a hint to use docker compose', () => {
    const err = (() => {
      try {
        spec({ image: 'x', secrets: ['s'] } as ComposeService);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect((err as ScoreComposeError).message).toBe(
      `service "web": field 'secrets' is not supported by the built-in runtime`,
    );
    expect((err as ScoreComposeError).hint).toContain('docker compose');
    expect(() => spec({ image: 'x', deploy: { replicas: 2 } })).toThrow(`field 'deploy.replicas' is not supported`);
    expect(() => spec({ image: 'x', deploy: { resources: { limits: { devices: [] } } } } as never)).toThrow(
      `'deploy.resources.limits.devices'`,
    );
    expect(() => spec({ image: 'x', provider: { type: 'model' } } as ComposeService)).toThrow(/Docker Model Runner/);
  });

  it('ignores x- extension fields', () => {
    expect(spec({ image: 'x', 'x-note': 1 } as ComposeService).body.Image).toBe('x');
  });

  it('uses container_name verbatim', () => {
    expect(spec({ image: 'x', container_name: 'custom' }).name).toBe('custom');
  });
});
