import { describe, expect, it } from 'vitest';
import { composeConfigHash, composeServiceJson } from '../../../../src/runtime/identity/config-hash.js';
import {
  containerLabels,
  formatDependsOn,
  networkLabels,
  parseDependsOn,
  volumeLabels,
} from '../../../../src/runtime/identity/labels.js';
import {
  builtImageName,
  containerName,
  networkName,
  normaliseProjectName,
  temporaryContainerName,
  volumeName,
} from '../../../../src/runtime/identity/names.js';

describe('names', () => {
  it('follows compose v2 naming', () => {
    expect(containerName('proj', 'web')).toBe('proj-web-1');
    expect(containerName('proj', 'web', { container_name: 'mine' })).toBe('mine');
    expect(networkName('proj', 'default')).toBe('proj_default');
    expect(networkName('proj', 'front', { name: 'custom' })).toBe('custom');
    expect(networkName('proj', 'ext', { external: true })).toBe('ext');
    expect(volumeName('proj', 'data')).toBe('proj_data');
    expect(volumeName('proj', 'data', { name: 'redis-abc-data' })).toBe('redis-abc-data');
    expect(builtImageName('proj', 'web')).toBe('proj-web');
    expect(temporaryContainerName('0123456789abcdef', 'proj-web-1')).toBe('0123456789ab_proj-web-1');
  });

  it('normalises project names like compose-go', () => {
    expect(normaliseProjectName('My.Project_1')).toBe('myproject_1');
    expect(normaliseProjectName('--x')).toBe('x');
  });
});

describe('labels', () => {
  it('writes the compose interop set with user labels underneath', () => {
    const l = containerLabels({
      project: 'p',
      service: 's',
      configHash: 'h',
      imageId: 'sha256:i',
      dependsOn: {
        b: { condition: 'service_healthy', required: true },
        a: { condition: 'service_started', required: false, restart: true },
      },
      workingDir: '/dir',
      configFiles: ['/dir/a.yaml', '/dir/b.yaml'],
      userLabels: { 'com.docker.compose.service': 'nope', keep: 'me' },
    });
    expect(l).toMatchObject({
      keep: 'me',
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 's',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': 'h',
      'com.docker.compose.image': 'sha256:i',
      'com.docker.compose.depends_on': 'a:service_started:true,b:service_healthy:false',
      'com.docker.compose.project.working_dir': '/dir',
      'com.docker.compose.project.config_files': '/dir/a.yaml,/dir/b.yaml',
    });
    expect(l['com.docker.compose.version']).toBeDefined();
  });

  it('labels networks and volumes with project and key', () => {
    expect(networkLabels('p', 'default')).toMatchObject({
      'com.docker.compose.project': 'p',
      'com.docker.compose.network': 'default',
    });
    expect(volumeLabels('p', 'data', { x: 'y' })).toMatchObject({
      x: 'y',
      'com.docker.compose.project': 'p',
      'com.docker.compose.volume': 'data',
    });
  });

  it('round-trips depends_on', () => {
    expect(parseDependsOn(formatDependsOn({ db: { condition: 'service_healthy', required: true } }))).toEqual(['db']);
    expect(parseDependsOn('a:service_started:false,b:service_completed_successfully:false:true')).toEqual(['a', 'b']);
    expect(parseDependsOn('')).toEqual([]);
    expect(parseDependsOn(undefined)).toEqual([]);
  });
});

describe('config hash (compose-compatible)', () => {
  const dir = '/project';
  it('writes the normal form compose hashes: nulls, default network, Go durations, defaults', () => {
    const json = composeServiceJson(
      {
        image: 'x',
        environment: { B: '2', A: 'a&b' },
        healthcheck: { test: ['CMD', 'true'], interval: '60s', timeout: '500ms' },
        ports: [{ target: 80, published: '8080' }],
        volumes: [{ type: 'bind', source: '.score-compose/mounts/f', target: '/f' }],
        deploy: { resources: { limits: { cpus: '0.5', memory: '256m' } } },
      },
      dir,
    );
    expect(json).toBe(
      '{"command":null,"deploy":{"resources":{"limits":{"cpus":0.5,"memory":"268435456"}},"placement":{}},"entrypoint":null,' +
        '"environment":{"A":"a\\u0026b","B":"2"},"healthcheck":{"test":["CMD","true"],"timeout":"500ms","interval":"1m0s"},"image":"x",' +
        '"networks":{"default":null},"ports":[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"}],' +
        '"volumes":[{"type":"bind","source":"/project/.score-compose/mounts/f","target":"/f"}]}',
    );
  });

  it('leaves out build, pull_policy and scale, and adds the implicit network_mode dependency', () => {
    const base = composeConfigHash({ image: 'x', network_mode: 'service:app' }, dir);
    expect(
      composeConfigHash(
        { image: 'x', network_mode: 'service:app', build: { context: '.' }, pull_policy: 'always', scale: 1 },
        dir,
      ),
    ).toBe(base);
    expect(
      composeConfigHash(
        {
          image: 'x',
          network_mode: 'service:app',
          depends_on: { app: { condition: 'service_started', restart: true, required: true } },
        },
        dir,
      ),
    ).toBe(base);
    expect(composeConfigHash({ image: 'y', network_mode: 'service:app' }, dir)).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
