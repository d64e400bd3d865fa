// Provisioning errors say which resource field of which workload they are about (a subject), for
// generate to turn into the Score file position; the messages stay the reference's.
import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { silentLogger } from '../../../src/common/log.js';
import { provisioningOrder } from '../../../src/provisioners/order.js';
import { provisionResources } from '../../../src/provisioners/provision.js';
import type { Provisioner } from '../../../src/provisioners/types.js';
import type { Workload } from '../../../src/score/types.js';
import { emptyState } from '../../../src/state/store.js';
import { primeResources, withWorkloads } from '../../../src/state/transitions.js';
import type { State } from '../../../src/state/types.js';

function stateWith(resources: Record<string, unknown>): State {
  const workload = {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'web' },
    containers: { main: { image: 'busybox' } },
    resources,
  } as unknown as Workload;
  return primeResources(withWorkloads(emptyState('p'), [{ workload, file: 'score.yaml' }]));
}

function fake(type: string, extra: Partial<Provisioner> = {}): Provisioner {
  return {
    uri: `fake://${type}`,
    type,
    origin: { file: 'f.provisioners.yaml', index: 0 },
    provision: () => Promise.resolve({ outputs: { host: 'h', port: 1, username: 'u' } }),
    ...extra,
  };
}

async function failure(state: State, provisioners: Provisioner[]): Promise<ScoreComposeError> {
  const err: unknown = await provisionResources(state, provisioners, { projectDir: '.', env: {} }, silentLogger).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScoreComposeError);
  return err as ScoreComposeError;
}

const ALL = [fake('postgres'), fake('redis'), fake('volume')];

describe('a resource no provisioner serves', () => {
  it('suggests the closest type and is about the type field', async () => {
    const err = await failure(stateWith({ db: { type: 'postgress' } }), ALL);
    expect(err.message).toBe(
      "failed to provision: resource 'postgress.default#web.db' is not supported by any provisioner",
    );
    expect(err.hint).toMatch(/^did you mean 'postgres'\? add a provisioner for type 'postgress'/);
    expect(err.subject).toEqual({ workload: 'web', path: ['resources', 'db', 'type'] });
  });

  it('says which classes the type is served for, and is about the class field', async () => {
    const err = await failure(stateWith({ db: { type: 'postgres', class: 'huge' } }), [
      fake('postgres', { class: 'large' }),
      fake('postgres', { class: 'small' }),
    ]);
    expect(err.hint).toMatch(/^the provisioners for type 'postgres' serve class 'large', 'small' only; /);
    expect(err.subject).toEqual({ workload: 'web', path: ['resources', 'db', 'class'] });
  });

  it('keeps the plain hint when nothing is close', async () => {
    const err = await failure(stateWith({ db: { type: 'zzzzzz' } }), ALL);
    expect(err.hint).toMatch(/^add a provisioner for type 'zzzzzz'/);
  });
});

describe('params', () => {
  it('a failing placeholder is about its param, with the outputs that exist', async () => {
    const state = stateWith({
      db: { type: 'postgres' },
      data: { type: 'volume', params: { ok: 'x', nested: [{ y: 'pre ${resources.db.hostname}' }] } },
    });
    const err = await failure(state, ALL);
    expect(err.message).toBe(
      "failed to provision: failed to substitute params for resource 'volume.default#web.data': nested: 0: y: invalid ref 'resources.db.hostname': key 'hostname' not found",
    );
    expect(err.hint).toBe(
      "did you mean 'host'? resource 'db' (postgres.default#web.db) has the outputs: host, port, username",
    );
    expect(err.subject).toEqual({ workload: 'web', path: ['resources', 'data', 'params', 'nested', 0, 'y'] });
  });

  it('a cycle is about the placeholder that starts it, and the hint shows the cycle', () => {
    const state = stateWith({
      aa: { type: 'volume', params: { x: '${resources.bb.source}' } },
      bb: { type: 'volume', params: { list: ['${metadata.name}', 'a ${resources.aa.source}'] } },
    });
    const err = (() => {
      try {
        provisioningOrder(state);
      } catch (e) {
        return e as ScoreComposeError;
      }
      throw new Error('expected a cycle');
    })();
    expect(err.message).toBe(
      'failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
    );
    expect(err.hint).toBe(
      'the params placeholders form a cycle: volume.default#web.aa -> volume.default#web.bb -> volume.default#web.aa',
    );
    expect(err.subject).toEqual({
      workload: 'web',
      path: ['resources', 'aa', 'params', 'x'],
      text: '${resources.bb.source}',
    });
  });

  it('a resource reading its own outputs is about that placeholder', async () => {
    const err = await failure(
      stateWith({ aa: { type: 'volume', params: { x: { y: '${resources.aa.source}' } } } }),
      ALL,
    );
    expect(err.message).toBe(
      'failed to provision: failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
    );
    expect(err.subject).toEqual({
      workload: 'web',
      path: ['resources', 'aa', 'params', 'x', 'y'],
      text: '${resources.aa.source}',
    });
  });
});

describe('a provisioner that fails', () => {
  it('is about the resource, and still names the provisioner entry', async () => {
    const failing = fake('postgres', {
      provision: () => Promise.reject(new ScoreComposeError('provision', 'boom')),
    });
    const err = await failure(stateWith({ db: { type: 'postgres' } }), [failing]);
    expect(err.message).toBe("failed to provision: resource 'postgres.default#web.db': failed to provision: boom");
    expect(err.details).toEqual(['provisioner fake://postgres: entry 0 of .score-compose/f.provisioners.yaml']);
    expect(err.subject).toEqual({ workload: 'web', path: ['resources', 'db'] });
  });
});
