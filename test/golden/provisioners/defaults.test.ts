import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyMasks,
  EXPECTED_DIR,
  type Fixture,
  goldenText,
  inputFor,
  loadDefault,
  provisionWith,
  randomMasks,
  sharedAfter,
} from './harness.js';

// Each default provisioner, rendered with a fixed input, must produce its golden output
// (expected/<name>.yaml) once random values are masked. UPDATE_GOLDEN=1 rewrites the goldens;
// review the diff before committing. Random values are also checked for shape, and must be
// kept when the provisioner runs again with the state and shared state it returned.

interface Case {
  fixture: Fixture;
  /** Dotted paths into `{state, shared}` of the first run → the shape of that random value. */
  randoms: Record<string, RegExp>;
}

const ALNUM16 = /^[A-Za-z0-9]{16}$/;

const CASES: Record<string, Case> = {
  volume: {
    fixture: { type: 'volume', id: 'hello-world.data' },
    randoms: { 'state.name': /^hello-world-data-[A-Za-z0-9]{6}$/ },
  },
  'service-port': {
    fixture: { type: 'service-port', params: { workload: 'other', port: 'web' } },
    randoms: {},
  },
  service: {
    fixture: { type: 'service', id: 'example.other' },
    randoms: {},
  },
  redis: {
    fixture: { type: 'redis' },
    randoms: { 'state.serviceName': /^redis-[A-Za-z0-9]{6}$/, 'state.password': ALNUM16 },
  },
  postgres: {
    fixture: { type: 'postgres', annotations: { 'compose.score.dev/publish-port': '5432' } },
    randoms: {
      'state.database': /^db-[A-Za-z]{8}$/,
      'state.username': /^user-[A-Za-z]{8}$/,
      'state.password': ALNUM16,
      'shared.default-provisioners-postgres-instance.instanceServiceName': /^pg-[A-Za-z0-9]{6}$/,
      'shared.default-provisioners-postgres-instance.instancePassword': ALNUM16,
    },
  },
  'postgres-instance': {
    fixture: { type: 'postgres-instance' },
    randoms: { 'state.serviceName': /^pg-[A-Za-z0-9]{6}$/, 'state.password': ALNUM16 },
  },
  s3: {
    fixture: { type: 's3', annotations: { 'compose.score.dev/publish-port': '9001' } },
    randoms: {
      'state.bucket': /^bucket-[a-z]{8}$/,
      'shared.default-provisioners-minio-instance.instanceServiceName': /^minio-[A-Za-z0-9]{6}$/,
      'shared.default-provisioners-minio-instance.instanceUsername': /^user-[A-Za-z]{8}$/,
      'shared.default-provisioners-minio-instance.instancePassword': ALNUM16,
      'shared.default-provisioners-minio-instance.instanceAccessKeyId': /^[A-Za-z0-9]{20}$/,
      'shared.default-provisioners-minio-instance.instanceSecretKey': /^[A-Za-z0-9]{40}$/,
    },
  },
  amqp: {
    fixture: { type: 'amqp', annotations: { 'compose.score.dev/publish-management-port': '15672' } },
    randoms: {
      'state.vhost': /^vhost-[A-Za-z]{8}$/,
      'state.username': /^user-[A-Za-z]{8}$/,
      'state.password': ALNUM16,
      'shared.default-provisioners-rabbitmq.instanceServiceName': /^rabbitmq-[A-Za-z0-9]{6}$/,
      'shared.default-provisioners-rabbitmq.instanceErlangCookie': /^[A-Za-z]{20}$/,
    },
  },
  dns: {
    fixture: { type: 'dns' },
    randoms: { 'state.instanceHostname': /^dns[a-z0-9]{6}\.localhost$/ },
  },
  route: {
    fixture: { type: 'route', params: { host: 'example.localhost', path: '/api', port: 'foo' } },
    randoms: { 'shared.default-provisioners-routing-instance.instanceServiceName': /^routing-[A-Za-z0-9]{6}$/ },
  },
  mongodb: {
    fixture: { type: 'mongodb' },
    randoms: {
      'state.serviceName': /^mongo-[A-Za-z0-9]{6}$/,
      'state.username': /^user-[A-Za-z]{8}$/,
      'state.password': ALNUM16,
    },
  },
  mysql: {
    fixture: { type: 'mysql', annotations: { 'compose.score.dev/publish-port': '3306' } },
    randoms: {
      'state.database': /^db[A-Za-z]{8}$/,
      'state.username': /^user-[A-Za-z]{8}$/,
      'state.password': ALNUM16,
      'shared.default-provisioners-mysql-instance.instanceServiceName': /^mysql-[A-Za-z0-9]{6}$/,
      'shared.default-provisioners-mysql-instance.instanceRootPassword': ALNUM16,
    },
  },
  'kafka-topic': {
    fixture: { type: 'kafka-topic' },
    randoms: { 'state.topic': /^topic-[A-Za-z0-9]{6}$/, 'shared.shared_kafka_instance_name': /^kafka-[A-Za-z0-9]{6}$/ },
  },
  elasticsearch: {
    fixture: { type: 'elasticsearch' },
    randoms: {
      'state.host': /^elasticsearch-[a-z0-9]{6}$/,
      'state.clusterName': /^cluster-ecs-[A-Za-z0-9]{6}$/,
      'state.password': ALNUM16,
    },
  },
  mssql: {
    fixture: { type: 'mssql' },
    randoms: {
      'state.database': /^db-[A-Za-z]{8}$/,
      'state.username': /^user-[A-Za-z]{8}$/,
      'state.password': /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]{16}$/,
      'shared.default-provisioners-mssql-instance.instanceServiceName': /^mssql-[A-Za-z0-9]{6}$/,
      'shared.default-provisioners-mssql-instance.instanceSaPassword':
        /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]{16}$/,
    },
  },
  'horizontal-pod-autoscaler': {
    fixture: { type: 'horizontal-pod-autoscaler', params: { minReplicas: 2, maxReplicas: 3 } },
    randoms: {},
  },
};

/** The value at a dotted path (no key on these paths contains a dot). */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((current, part) => (current as Record<string, unknown> | undefined)?.[part], value);
}

describe('default provisioners', () => {
  for (const [name, { fixture, randoms }] of Object.entries(CASES)) {
    describe(name, () => {
      const provisioner = loadDefault(name);

      it('matches its type and renders the golden output', async () => {
        expect(provisioner.type).toBe(fixture.type);
        expect(provisioner.uri).toMatch(/^template:\/\/default-provisioners\//);
        const first = await provisionWith(provisioner, inputFor(fixture));
        const second = await provisionWith(provisioner, inputFor(fixture));
        const text = applyMasks(goldenText(first), randomMasks(first, second));
        const path = join(EXPECTED_DIR, `${name}.yaml`);
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
        expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(text).toBe(readFileSync(path, 'utf8'));
      });

      it('draws random values of the documented shapes, different for every resource', async () => {
        const first = await provisionWith(provisioner, inputFor(fixture));
        const second = await provisionWith(provisioner, inputFor(fixture));
        const views = [
          { state: first.state, shared: first.shared },
          { state: second.state, shared: second.shared },
        ];
        for (const [path, shape] of Object.entries(randoms)) {
          expect(at(views[0], path), path).toMatch(shape);
          expect(at(views[0], path), path).not.toBe(at(views[1], path));
        }
        // Nothing random beyond the documented values.
        expect(randomMasks(first, second).size).toBe(Object.keys(randoms).length);
      });

      it('keeps every name and password when run again with the state it returned', async () => {
        const first = await provisionWith(provisioner, inputFor(fixture));
        const again = await provisionWith(provisioner, inputFor(fixture, first.state ?? {}, sharedAfter({}, first)));
        expect(again).toEqual(first);
      });
    });
  }
});

describe('default environment provisioner', () => {
  it('is a local-env provisioner whose lookups are deferred to compose', async () => {
    const provisioner = loadDefault('environment');
    expect(provisioner.uri).toBe('local-env://default-provisioners/environment');
    expect(provisioner.type).toBe('environment');
    const output = await provisionWith(provisioner, { ...inputFor({ type: 'environment' }), params: undefined });
    expect(output.environmentLookup?.deferred(['API_KEY'])).toBe('${API_KEY}');
    expect(output.environmentLookup?.referenced()).toEqual(['API_KEY']);
  });
});
