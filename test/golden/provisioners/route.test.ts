import { describe, expect, it } from 'vitest';
import type { ProvisionOutput } from '../../../src/provisioners/types.js';
import { type Fixture, inputFor, loadDefault, provisionWith, sharedAfter } from './harness.js';

// The route provisioner shares one nginx across all routes: each route adds itself to the
// shared state and rewrites nginx.conf from it. These tests replay TestGenerateRouteResource
// of the reference (three routes, two hosts, Prefix and Exact) and every validation error.

const route = loadDefault('route');
const KEY = 'default-provisioners-routing-instance';

/** Provisions the fixtures in order, threading the shared state as the provisioning loop does. */
async function provisionAll(fixtures: Fixture[], initialShared: Record<string, unknown> = {}) {
  let shared = initialShared;
  const outputs: ProvisionOutput[] = [];
  for (const fixture of fixtures) {
    const output = await provisionWith(route, inputFor({ sourceWorkload: 'example', ...fixture }, {}, shared));
    outputs.push(output);
    shared = sharedAfter(shared, output);
  }
  return { shared, outputs, last: outputs.at(-1)! };
}

function nginxConf(output: ProvisionOutput): string {
  const files = Object.entries(output.files ?? {});
  expect(files).toHaveLength(1);
  const [path, content] = files[0]!;
  expect(path).toMatch(/^routing-[A-Za-z0-9]{6}\/nginx\.conf$/);
  return content ?? '';
}

const R1: Fixture = { type: 'route', id: 'example.r1', params: { host: 'localhost1', path: '/first', port: 'foo' } };
const R2: Fixture = { type: 'route', id: 'example.r2', params: { host: 'localhost1', path: '/second', port: 'foo' } };
const R3: Fixture = {
  type: 'route',
  id: 'example.r3',
  params: { host: 'localhost2', path: '/third', port: 80 },
  annotations: { 'compose.score.dev/route-provisioner-path-type': 'Exact' },
};

describe('route provisioner', () => {
  it('keeps the reference shared-state layout for Prefix and Exact routes on two hosts', async () => {
    const { shared } = await provisionAll([R1, R2, R3]);
    const instance = { ...(shared[KEY] as Record<string, unknown>) };
    expect(instance.instanceServiceName).toMatch(/^routing-[A-Za-z0-9]{6}$/);
    delete instance.instanceServiceName;
    expect({ [KEY]: instance }).toEqual({
      [KEY]: {
        hosts: {
          localhost1: {
            'route.default#example.r1': { path: '/first', port: 8080, target: 'example:8080', path_type: 'Prefix' },
            'route.default#example.r2': { path: '/second', port: 8080, target: 'example:8080', path_type: 'Prefix' },
          },
          localhost2: {
            'route.default#example.r3': { path: '/third', port: 8080, target: 'example:8080', path_type: 'Exact' },
          },
        },
        instancePort: 8080,
      },
    });
    expect(Object.keys(shared)).toEqual([KEY]);
  });

  it('writes one server per host, a location per route and a prefix location only for Prefix', async () => {
    const { last } = await provisionAll([R1, R2, R3]);
    const conf = nginxConf(last);
    expect(conf).toContain('resolver 127.0.0.11');
    expect(conf).toContain('location ~ ^/first$');
    expect(conf).toContain('location ~ ^/first/.*');
    expect(conf).toContain('location ~ ^/second$');
    expect(conf).toContain('location ~ ^/second/.*');
    expect(conf).toContain('location ~ ^/third$');
    expect(conf).not.toContain('location ~ ^/third/.*');
    expect(conf).toContain('set $backend example:8080;');
    const servers = [...conf.matchAll(/server_name (\S+);/g)].map((m) => m[1]);
    expect(servers).toEqual(['localhost1', 'localhost2']);
    expect(conf.match(/location = \/favicon\.ico/g)).toHaveLength(2);
    expect(conf).toContain('location = /healthz');
  });

  it('matches a prefix route "/" as ^/$ and ^/.*', async () => {
    const { last } = await provisionAll([{ type: 'route', params: { host: 'h', path: '/', port: 'foo' } }]);
    const conf = nginxConf(last);
    expect(conf).toContain('location ~ ^/$ {');
    expect(conf).toContain('location ~ ^/.* {');
  });

  it('every route re-declares the same router, published on 8080 with a read-only config and a healthcheck', async () => {
    const { outputs } = await provisionAll([R1, R2, R3]);
    const declared = outputs.map((o) => o.services);
    expect(declared[1]).toEqual(declared[0]);
    expect(declared[2]).toEqual(declared[0]);
    const [name, service] = Object.entries(declared[0] ?? {})[0]!;
    expect(service.image).toBe('mirror.gcr.io/nginx:1-alpine');
    expect(service.ports).toEqual([{ target: 80, published: '8080' }]);
    expect(service.volumes).toEqual([
      {
        type: 'bind',
        source: `.score-compose/mounts/${name}/nginx.conf`,
        target: '/etc/nginx/nginx.conf',
        read_only: true,
      },
    ]);
    expect(service.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:8081/healthz']);
    expect(outputs[0]?.infoLogs).toEqual([
      'To connect to this route, http://localhost1:8080/first (make sure localhost1 resolves to localhost)',
    ]);
  });

  it('takes its host port from the route-provisioner-port annotation and keeps it', async () => {
    const custom: Fixture = { ...R1, annotations: { 'compose.score.dev/route-provisioner-port': '9090' } };
    const { shared, outputs } = await provisionAll([custom, R2]);
    expect((shared[KEY] as Record<string, unknown>).instancePort).toBe(9090);
    expect(Object.values(outputs[1]?.services ?? {})[0]?.ports).toEqual([{ target: 80, published: '9090' }]);
    const dns = await provisionWith(loadDefault('dns'), inputFor({ type: 'dns' }, {}, shared));
    expect(dns.outputs?.url).toMatch(/^http:\/\/dns[a-z0-9]{6}\.localhost:9090$/);
  });

  it("puts each route's snippets in its own blocks, and forgets them when the annotations go", async () => {
    const withSnippets: Fixture = {
      ...R1,
      annotations: {
        'compose.score.dev/route-provisioner-server-snippet': 'add_header X-Server one;\nadd_header X-Other two;',
        'compose.score.dev/route-provisioner-location-snippet': 'proxy_set_header X-Loc r1;',
      },
    };
    const first = await provisionAll([withSnippets, R3]);
    const conf = nginxConf(first.last);
    expect(conf).toContain('    add_header X-Server one;\n    add_header X-Other two;\n');
    expect(conf.match(/proxy_set_header X-Loc r1;/g)).toHaveLength(2); // both locations of r1
    const localhost2 = conf.slice(conf.indexOf('server_name localhost2'));
    expect(localhost2).not.toContain('X-Server');
    const again = await provisionAll([R1], first.shared);
    expect(nginxConf(again.last)).not.toContain('X-Server');
    const entry = (again.shared[KEY] as Record<string, Record<string, unknown>>).hosts as Record<
      string,
      Record<string, unknown>
    >;
    expect(entry.localhost1?.['route.default#example.r1']).toEqual({
      path: '/first',
      port: 8080,
      target: 'example:8080',
      path_type: 'Prefix',
    });
  });

  it('moves a route whose host changed, dropping a host left without routes', async () => {
    const { shared } = await provisionAll([R1, R3, { ...R3, params: { ...R3.params, host: 'localhost1' } }]);
    const hosts = (shared[KEY] as Record<string, unknown>).hosts as Record<string, Record<string, unknown>>;
    expect(Object.keys(hosts)).toEqual(['localhost1']);
    expect(Object.keys(hosts.localhost1 ?? {}).sort()).toEqual([
      'route.default#example.r1',
      'route.default#example.r3',
    ]);
  });

  it('keeps the router name and the whole output when provisioned again', async () => {
    const first = await provisionAll([R1]);
    const again = await provisionWith(route, inputFor(R1, first.last.state ?? {}, first.shared));
    expect(again).toEqual(first.last);
  });

  describe('validation', () => {
    const cases: [string, Fixture, string][] = [
      ['no params', { type: 'route' }, 'params.path start with a / but cannot end with /'],
      [
        'a relative path',
        { type: 'route', params: { host: 'h', path: 'api', port: 'foo' } },
        'params.path start with a / but cannot end with /',
      ],
      [
        'a trailing slash',
        { type: 'route', params: { host: 'h', path: '/api/', port: 'foo' } },
        'params.path start with a / but cannot end with /',
      ],
      [
        'an empty segment',
        { type: 'route', params: { host: 'h', path: '//api', port: 'foo' } },
        'params.path start with a / but cannot end with /',
      ],
      [
        'an upper-case host',
        { type: 'route', params: { host: 'Example.com', path: '/', port: 'foo' } },
        'params.host must be a valid hostname but was Example.com',
      ],
      [
        'a host with a port',
        { type: 'route', params: { host: 'h:80', path: '/', port: 'foo' } },
        'params.host must be a valid hostname but was h:80',
      ],
      [
        'no service ports',
        { type: 'route', sourceWorkload: 'bare', params: { host: 'h', path: '/', port: 'foo' } },
        'no service ports exist',
      ],
      [
        'an unknown port name',
        { type: 'route', params: { host: 'h', path: '/', port: 'web' } },
        'params.port is not a named service port',
      ],
      [
        'an unknown port number',
        { type: 'route', params: { host: 'h', path: '/', port: 8080 } },
        'params.port is not a named service port',
      ],
      ['no port', { type: 'route', params: { host: 'h', path: '/' } }, 'params.port is not a named service port'],
      [
        'an unknown path type',
        {
          type: 'route',
          params: { host: 'h', path: '/', port: 'foo' },
          annotations: { 'compose.score.dev/route-provisioner-path-type': 'Regex' },
        },
        'metadata.annotations.compose.score.dev/route-provisioner-path-type must be Prefix or Exact but was Regex',
      ],
      [
        'an empty path type',
        {
          type: 'route',
          params: { host: 'h', path: '/', port: 'foo' },
          annotations: { 'compose.score.dev/route-provisioner-path-type': '' },
        },
        'metadata.annotations.compose.score.dev/route-provisioner-path-type must be Prefix or Exact but was empty',
      ],
      [
        'a bad port annotation',
        {
          type: 'route',
          params: { host: 'h', path: '/', port: 'foo' },
          annotations: { 'compose.score.dev/route-provisioner-port': 'http' },
        },
        'metadata.annotations.compose.score.dev/route-provisioner-port must be a port number but was http',
      ],
    ];
    for (const [name, fixture, message] of cases) {
      it(`rejects ${name}`, async () => {
        const attempt = provisionWith(route, inputFor({ sourceWorkload: 'example', ...fixture }));
        await expect(attempt).rejects.toThrow(
          /^init template failed: failed to execute template: .*error calling fail: (.*)$/,
        );
        await expect(attempt).rejects.toThrow(new RegExp(`: ${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
      });
    }

    it('accepts regular-expression paths and numeric ports', async () => {
      const output = await provisionWith(
        route,
        inputFor({ type: 'route', params: { host: 'a.localhost', path: '/my/[^/]+/path', port: 80 } }),
      );
      expect(output.files && nginxConf(output)).toContain('location ~ ^/my/[^/]+/path$');
    });
  });
});
