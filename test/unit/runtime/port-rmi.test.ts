// `port` (which host address a published port is on) and `down --rmi` (which images go), pure parts.
import { describe, expect, it } from 'vitest';
import { ephemeralPortsFromEnv } from '../../../src/api/generate.js';
import { imagesToRemove } from '../../../src/runtime/down.js';
import type { ContainerSummary } from '../../../src/runtime/engine/container-runtime.js';
import { findHostPort } from '../../../src/runtime/port.js';
import type { PortStatus, ServiceStatus } from '../../../src/runtime/ps.js';

function row(service: string, number: number, ports: PortStatus[]): ServiceStatus {
  return {
    service,
    container: `p-${service}-${number}`,
    id: `${service}${number}`,
    project: 'p',
    status: 'Up',
    created: '',
    command: '',
    labels: { 'com.docker.compose.container-number': String(number) },
    networks: [],
    mounts: [],
    state: 'running',
    health: '',
    exitCode: 0,
    ports,
    image: 'x',
  } as ServiceStatus;
}

const tcp = (containerPort: number, hostPort: number, hostIp = '0.0.0.0'): PortStatus => ({
  containerPort,
  hostPort,
  hostIp,
  protocol: 'tcp',
});

describe('findHostPort', () => {
  const rows = [
    row('web', 2, [tcp(80, 40002)]),
    row('web', 1, [tcp(80, 40001, '::'), tcp(80, 40001), tcp(81, 0, '')]),
    row('db', 1, [{ ...tcp(53, 5353), protocol: 'udp' }]),
  ];

  it('finds the IPv4 binding of container 1 by default, and the one --index names', () => {
    expect(findHostPort(rows, { service: 'web', privatePort: 80 })).toEqual({ hostIp: '0.0.0.0', hostPort: 40001 });
    expect(findHostPort(rows, { service: 'web', privatePort: 80, index: 2 })).toEqual({
      hostIp: '0.0.0.0',
      hostPort: 40002,
    });
    expect(findHostPort(rows, { service: 'db', privatePort: 53, protocol: 'udp' }).hostPort).toBe(5353);
  });

  it('says what is missing: the service, the container, the port (an exposed one is not published)', () => {
    expect(() => findHostPort(rows, { service: 'api', privatePort: 80 })).toThrow(
      'no container found for service "api"',
    );
    expect(() => findHostPort(rows, { service: 'web', privatePort: 80, index: 3 })).toThrow(
      'service "web" has no container number 3',
    );
    expect(() => findHostPort(rows, { service: 'web', privatePort: 81 })).toThrow(
      'no port 81/tcp published for container p-web-1',
    );
    expect(() => findHostPort(rows, { service: 'db', privatePort: 53 })).toThrow('no port 53/tcp published');
  });
});

describe('imagesToRemove', () => {
  const c = (service: string, image: string) =>
    ({ Image: image, Labels: { 'com.docker.compose.service': service } }) as unknown as ContainerSummary;
  const containers = [
    c('web', 'shop-web'),
    c('api', 'shop-api:latest'),
    c('db', 'postgres:17'),
    c('db2', 'postgres:17'),
  ];

  it('local: only the images built for the project (<project>-<service>)', () => {
    expect(imagesToRemove(containers, 'shop', 'local')).toEqual(['shop-api:latest', 'shop-web']);
    expect(imagesToRemove(containers, 'other', 'local')).toEqual([]);
  });

  it('all: every image the containers used, once each', () => {
    expect(imagesToRemove(containers, 'shop', 'all')).toEqual(['postgres:17', 'shop-api:latest', 'shop-web']);
  });
});

describe('SCORE_COMPOSE_EPHEMERAL_PORTS', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['0', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (value, on) => {
    expect(ephemeralPortsFromEnv({ SCORE_COMPOSE_EPHEMERAL_PORTS: value })).toBe(on);
  });
});
