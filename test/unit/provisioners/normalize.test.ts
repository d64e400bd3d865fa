// The compose short-syntax normaliser (src/compose/normalize.ts) exists for template
// provisioner output, so its tests live with the provisioner tests.
import { describe, expect, it } from 'vitest';
import {
  normalizeMapping,
  normalizeNetwork,
  normalizeService,
  normalizeVolume,
  parsePortSpec,
  parseVolumeSpec,
} from '../../../src/compose/normalize.js';
import { shellSplit } from '../../../src/compose/shell-split.js';

describe('ports', () => {
  const cases: Array<[string, unknown]> = [
    ['80', [{ target: 80 }]],
    ['8080:80', [{ target: 80, published: '8080' }]],
    ['127.0.0.1:8080:80/udp', [{ host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'udp' }]],
    ['[::1]:8080:80', [{ host_ip: '::1', target: 80, published: '8080' }]],
    ['3000-3001', [{ target: 3000 }, { target: 3001 }]],
    [
      '8000-8001:80-81',
      [
        { target: 80, published: '8000' },
        { target: 81, published: '8001' },
      ],
    ],
    ['9000-9010:80', [{ target: 80, published: '9000-9010' }]],
  ];
  for (const [spec, expected] of cases) it(spec, () => expect(parsePortSpec(spec)).toEqual(expected));

  it('rejects malformed ports', () => {
    expect(() => parsePortSpec('x:80')).toThrow("invalid port 'x:80'");
    expect(() => parsePortSpec('1-3:1-2')).toThrow('ranges differ in size');
    expect(() => parsePortSpec('70000')).toThrow('is not a port number');
  });

  it('tidies long syntax and numbers', () => {
    expect(normalizeService({ ports: [80, { target: '81', published: 8081, protocol: 'tcp' }] }, 's').ports).toEqual([
      { target: 80 },
      { target: 81, published: '8081', protocol: 'tcp' },
    ]);
    expect(() => normalizeService({ ports: [{ published: 1 }] }, 's')).toThrow(
      "service 's': a long-syntax port needs a numeric 'target'",
    );
  });
});

describe('services', () => {
  it('converts every short form to long syntax and keeps other keys', () => {
    const s = normalizeService(
      {
        image: 'x',
        environment: ['A=1', 'B', 'C=x=y'],
        labels: ['l=v', 'bare'],
        depends_on: ['db'],
        command: 'sh -c "echo $HOME" \'a b\'',
        entrypoint: ['/bin/tini', 1],
        healthcheck: { test: 'curl -f localhost', retries: 3 },
        volumes: ['/data', 'named:/var/lib:ro,nocopy', './conf:/etc/conf:z', { type: 'tmpfs', target: '/tmp' }],
        networks: ['front'],
        build: './app',
        x_custom: { kept: true },
      },
      'svc',
    );
    expect(s).toEqual({
      image: 'x',
      environment: { A: '1', B: null, C: 'x=y' },
      labels: { l: 'v', bare: '' },
      depends_on: { db: { condition: 'service_started', required: true } },
      command: ['sh', '-c', 'echo $HOME', 'a b'],
      entrypoint: ['/bin/tini', '1'],
      healthcheck: { test: ['CMD-SHELL', 'curl -f localhost'], retries: 3 },
      volumes: [
        { type: 'volume', target: '/data' },
        { type: 'volume', source: 'named', target: '/var/lib', read_only: true, volume: { nocopy: true } },
        { type: 'bind', source: './conf', target: '/etc/conf', bind: { create_host_path: true, selinux: 'z' } },
        { type: 'tmpfs', target: '/tmp' },
      ],
      networks: { front: null },
      build: { context: './app' },
      x_custom: { kept: true },
    });
  });

  it('fills depends_on map defaults and keeps given values', () => {
    expect(
      normalizeService(
        { depends_on: { a: null, b: { condition: 'service_healthy', restart: true }, c: { required: false } } },
        's',
      ).depends_on,
    ).toEqual({
      a: { condition: 'service_started', required: true },
      b: { condition: 'service_healthy', restart: true, required: true },
      c: { condition: 'service_started', required: false },
    });
  });

  it('leaves long forms alone and stringifies environment map values', () => {
    expect(
      normalizeService(
        { environment: { N: 1, T: true, E: null }, command: ['a'], healthcheck: { test: ['CMD', 'x'] } },
        's',
      ),
    ).toEqual({
      environment: { N: '1', T: 'true', E: null },
      command: ['a'],
      healthcheck: { test: ['CMD', 'x'] },
    });
    expect(normalizeService(null, 's')).toEqual({});
    expect(() => normalizeService('x', 's')).toThrow("service 's' must be a map");
  });

  it('volume short syntax modes', () => {
    expect(parseVolumeSpec('/abs:/in')).toEqual({
      type: 'bind',
      source: '/abs',
      target: '/in',
      bind: { create_host_path: true },
    });
    expect(parseVolumeSpec('/in:ro')).toEqual({ type: 'volume', target: '/in', read_only: true });
    expect(parseVolumeSpec('~/x:/in:rshared')).toEqual({
      type: 'bind',
      source: '~/x',
      target: '/in',
      bind: { create_host_path: true, propagation: 'rshared' },
    });
    expect(() => parseVolumeSpec('a:/b:bogus')).toThrow("unknown mode 'bogus'");
  });
});

describe('top-level entries and helpers', () => {
  it('empty volumes and networks become {}', () => {
    expect(normalizeVolume(null, 'v')).toEqual({});
    expect(normalizeNetwork(undefined, 'n')).toEqual({});
    expect(normalizeVolume({ driver: 'local', labels: ['a=b'] }, 'v')).toEqual({ driver: 'local', labels: { a: 'b' } });
    expect(() => normalizeNetwork([], 'n')).toThrow("network 'n' must be a map");
  });

  it("reads a service volume's readOnly (score-compose's route provisioner writes it) as read_only", () => {
    const volumes = (list: unknown[]) => normalizeService({ volumes: list }, 's').volumes;
    expect(volumes([{ type: 'bind', source: 'a', target: '/a', readOnly: true }])).toEqual([
      { type: 'bind', source: 'a', target: '/a', read_only: true },
    ]);
    expect(volumes([{ type: 'bind', source: 'a', target: '/a', readOnly: true, read_only: false }])).toEqual([
      { type: 'bind', source: 'a', target: '/a', read_only: false },
    ]);
  });

  it('normalizeMapping rejects scalars', () => {
    expect(() => normalizeMapping('A=1', 'environment')).toThrow('environment must be a list or a map');
  });

  it('shellSplit', () => {
    expect(shellSplit(`  a  "b c" 'd "e"' f\\ g "h\\"i" ''  `)).toEqual(['a', 'b c', 'd "e"', 'f g', 'h"i', '']);
    expect(() => shellSplit('"open')).toThrow('unterminated double quote');
  });
});
