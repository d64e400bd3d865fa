// --publish: the forms the reference's TestGeneratePublishPorts runs, numbered errors and colons.
// The error table of that test (shared corpus) is in test/acceptance/vectors/publish.test.ts.
import { describe, expect, it } from 'vitest';
import { applyPublish, hostReachablePublish, makePortsEphemeral } from '../../../src/assemble/publish.js';
import type { State } from '../../../src/state/types.js';
import { ctx, project } from './publish-fixtures.js';

describe('applyPublish', () => {
  it('publishes on workloads and on resource services (all forms of the corpus run)', () => {
    const input = project();
    const out = applyPublish(
      input,
      [
        '8080:example:80',
        '42:postgres#example.db1.host:13',
        '43:postgres.default#example.db1.host:14',
        '44:postgres.default#thing.host:15',
      ],
      ctx,
    );
    expect(out.project.services['example-hello']?.ports).toEqual([{ target: 80, published: '8080' }]);
    expect(out.project.services['pg-abc']?.ports).toEqual([
      { target: 13, published: '42' },
      { target: 14, published: '43' },
    ]);
    expect(out.project.services['pg-thing']?.ports).toEqual([{ target: 15, published: '44' }]);
    expect(input.services['example-hello']?.ports).toBeUndefined();
    expect(out.logs).toEqual([
      "Published port 80 of service 'example-hello' to host port 8080",
      "Published port 13 of service 'pg-abc' to host port 42",
      "Published port 14 of service 'pg-abc' to host port 43",
      "Published port 15 of service 'pg-thing' to host port 44",
    ]);
  });

  it.each([
    ['1:example:80', '--publish[1] host port must be > 1'],
    ['8080:example:1', '--publish[1] container port must be > 1'],
    [
      '42:postgres#example.db1.port:13',
      "--publish[1] resource 'postgres.default#example.db1' output 'port' is not a string",
    ],
    ['42:postgres#thing.missing:13', "--publish[1] host 'nope' does not exist"],
    ['42:x.y#z:13', '--publish[1] must match RES_UID.OUTPUT'],
  ])('numbers the failing entry: %s', (arg, message) => {
    expect(() => applyPublish(project(), ['8080:example:80', arg], ctx)).toThrow(message);
  });

  it('re-joins references containing colons', () => {
    expect(() => applyPublish(project(), ['8080:a:b:80'], ctx)).toThrow(
      "--publish[0] failed to find a workload named 'a:b'",
    );
  });

  it('leaves host port 0 to the engine: the entry has no published port', () => {
    const out = applyPublish(project(), ['0:example:80', '0:postgres#example.db1.host:5432'], ctx);
    expect(out.project.services['example-hello']?.ports).toEqual([{ target: 80 }]);
    expect(out.project.services['pg-abc']?.ports).toEqual([{ target: 5432 }]);
    expect(out.logs[0]).toBe("Published port 80 of service 'example-hello' to a host port the engine picks");
  });

  it.each(['-1:example:80', '65536:example:80', '8080:example:70000'])('refuses %s', (arg) => {
    expect(() => applyPublish(project(), [arg], ctx)).toThrow(/--publish\[0\] (host|container) port must be/);
  });
});

describe('makePortsEphemeral', () => {
  it('drops every fixed host port and keeps the rest of each entry', () => {
    const input = applyPublish(project(), ['8080:example:80', '42:postgres#example.db1.host:13'], ctx).project;
    input.services['pg-abc'] = {
      ...input.services['pg-abc']!,
      ports: [
        ...(input.services['pg-abc']?.ports ?? []),
        { target: 9, host_ip: '127.0.0.1', published: '9', protocol: 'udp' },
      ],
    };
    const out = makePortsEphemeral(input);
    expect(out.project.services['example-hello']?.ports).toEqual([{ target: 80 }]);
    expect(out.project.services['pg-abc']?.ports).toEqual([
      { target: 13 },
      { target: 9, host_ip: '127.0.0.1', protocol: 'udp' },
    ]);
    expect(out.logs).toContain(
      "Port 80 of service 'example-hello': host port 8080 left to the engine (ephemeral ports)",
    );
    expect(input.services['example-hello']?.ports).toEqual([{ target: 80, published: '8080' }]);
  });

  it('changes nothing without fixed host ports', () => {
    const input = project();
    const out = makePortsEphemeral(input);
    expect(out.project.services).toEqual(input.services);
    expect(out.logs).toEqual([]);
  });
});

describe('hostReachablePublish', () => {
  it('publishes every service port and every resource address that names a project service', () => {
    const state = {
      workloads: {
        web: { spec: { service: { ports: { http: { port: 80, targetPort: 8080 }, admin: { port: 9000 } } } } },
        worker: { spec: {} },
      },
      resources: {
        'postgres.default#web.db': { outputs: { host: 'pg-abc', port: 5432 } },
        'redis.default#web.cache': { outputs: { host: 'redis-x', port: '6379' } },
        'dns.default#web.dns': { outputs: { host: 'dnsx.localhost', url: 'http://dnsx.localhost:8080' } },
        'postgres.default#web.ext': { outputs: { host: 'db.example.com', port: 5432 } },
      },
    } as unknown as State;
    expect(hostReachablePublish(state, new Set(['web-main', 'pg-abc', 'redis-x']))).toEqual([
      '0:web:8080',
      '0:web:9000',
      '0:postgres.default#web.db.host:5432',
      '0:redis.default#web.cache.host:6379',
    ]);
  });
});
