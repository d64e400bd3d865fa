import { describe, expect, it } from 'vitest';
import type { ProvisionOutput } from '../../../src/provisioners/types.js';
import { type Fixture, inputFor, loadDefault, provisionWith, sharedAfter } from './harness.js';

// Shared servers: every resource of a type re-declares the same server, so whichever resource
// is provisioned last, the compose file is the same. Publish ports stick in the shared state.

async function inOrder(name: string, fixtures: Fixture[]): Promise<ProvisionOutput[]> {
  const provisioner = loadDefault(name);
  let shared: Record<string, unknown> = {};
  const outputs: ProvisionOutput[] = [];
  for (const fixture of fixtures) {
    const output = await provisionWith(provisioner, inputFor(fixture, {}, shared));
    shared = sharedAfter(shared, output);
    outputs.push(output);
  }
  return outputs;
}

const publish = (port: string) => ({ 'compose.score.dev/publish-port': port });

describe('shared servers', () => {
  for (const [name, server] of [
    ['postgres', 'pg'],
    ['mysql', 'mysql'],
    ['mssql', 'mssql'],
  ] as const) {
    it(`${name}: one server, one database and user per resource`, async () => {
      const [a, b] = await inOrder(name, [
        { type: name, id: 'example.db1', annotations: publish('15000') },
        { type: name, id: 'example.db2' },
      ]);
      const host = name === 'mssql' ? 'server' : 'host';
      expect(a!.outputs?.[host]).toMatch(new RegExp(`^${server}-[A-Za-z0-9]{6}$`));
      expect(b!.outputs?.[host]).toBe(a!.outputs?.[host]);
      expect(b!.outputs?.database).not.toBe(a!.outputs?.database);
      expect(b!.outputs?.username).not.toBe(a!.outputs?.username);
      expect(b!.outputs?.password).not.toBe(a!.outputs?.password);
      // The second resource has no annotation: the server keeps its published port.
      expect(b!.services).toEqual(a!.services);
      const serverService = a!.services?.[String(a!.outputs?.[host])];
      expect(serverService?.ports?.[0]?.published).toBe('15000');
      // Each resource writes only its own script; the init container applies them all.
      expect(Object.keys(b!.files ?? {})).toHaveLength(1);
      expect(Object.keys(b!.files ?? {})[0]).toContain(String(b!.outputs?.database));
    });
  }

  it('an annotation of "0" stops publishing', async () => {
    const outputs = await inOrder('postgres', [
      { type: 'postgres', id: 'example.db1', annotations: publish('15000') },
      { type: 'postgres', id: 'example.db2', annotations: publish('0') },
    ]);
    const last = outputs[1]!;
    expect(Object.values(last.services ?? {}).some((s) => s.ports !== undefined)).toBe(false);
    expect(last.infoLogs?.some((l) => l.includes('localhost:'))).toBe(false);
  });

  it('amqp: one rabbitmq, one vhost and user per resource', async () => {
    const [a, b] = await inOrder('amqp', [
      { type: 'amqp', id: 'example.q1' },
      { type: 'amqp', id: 'example.q2' },
    ]);
    expect(b!.outputs?.host).toBe(a!.outputs?.host);
    expect(b!.outputs?.vhost).not.toBe(a!.outputs?.vhost);
    expect(b!.services).toEqual(a!.services);
  });

  it('s3: one minio and one key pair, a bucket per resource', async () => {
    const [a, b] = await inOrder('s3', [
      { type: 's3', id: 'example.b1' },
      { type: 's3', id: 'example.b2' },
    ]);
    expect(b!.outputs?.endpoint).toBe(a!.outputs?.endpoint);
    expect(b!.outputs?.access_key_id).toBe(a!.outputs?.access_key_id);
    expect(b!.outputs?.bucket).not.toBe(a!.outputs?.bucket);
  });

  it('kafka-topic: one broker, a topic and its init container per resource', async () => {
    const [a, b] = await inOrder('kafka-topic', [
      { type: 'kafka-topic', id: 'example.t1' },
      { type: 'kafka-topic', id: 'example.t2' },
    ]);
    expect(b!.outputs?.host).toBe(a!.outputs?.host);
    expect(b!.outputs?.name).not.toBe(a!.outputs?.name);
    expect(Object.keys(b!.services ?? {})).toContain(`${String(b!.outputs?.name)}-init`);
  });
});

describe('dedicated servers', () => {
  for (const name of ['redis', 'mongodb', 'postgres-instance', 'elasticsearch']) {
    it(`${name}: a server of its own per resource`, async () => {
      const [a, b] = await inOrder(name, [
        { type: name, id: 'example.one' },
        { type: name, id: 'example.two' },
      ]);
      expect(b!.outputs?.host).not.toBe(a!.outputs?.host);
      const names = (o: ProvisionOutput) => [...Object.keys(o.services ?? {}), ...Object.keys(o.volumes ?? {})];
      expect(names(b!).filter((n) => names(a!).includes(n))).toEqual([]);
    });
  }
});

describe('info logs', () => {
  const secretKey = /password|secret|cookie|accesskey/i;
  const cases: Fixture[] = [
    { type: 'redis' },
    { type: 'postgres', annotations: publish('5432') },
    { type: 'postgres-instance', annotations: publish('5432') },
    { type: 's3', annotations: publish('9001') },
    { type: 'amqp', annotations: { 'compose.score.dev/publish-management-port': '15672' } },
    { type: 'mongodb' },
    { type: 'mysql', annotations: publish('3306') },
    { type: 'elasticsearch', annotations: publish('9200') },
    { type: 'mssql', annotations: publish('1433') },
  ];
  for (const fixture of cases) {
    it(`${fixture.type} never prints a secret, and says where to find it`, async () => {
      const output = await provisionWith(loadDefault(fixture.type), inputFor(fixture));
      const secrets: string[] = [];
      const collect = (value: unknown, key = ''): void => {
        if (typeof value === 'string' && secretKey.test(key)) secrets.push(value);
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
      };
      collect({ state: output.state, shared: output.shared, outputs: output.outputs });
      expect(secrets.length).toBeGreaterThan(0);
      const logs = (output.infoLogs ?? []).join('\n');
      expect(logs).not.toBe('');
      for (const secret of secrets) expect(logs).not.toContain(secret);
      expect(logs).toMatch(/score-compose resources get-outputs |state\.yaml/);
    });
  }
});
