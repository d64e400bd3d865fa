import { describe, expect, it } from 'vitest';
import { collectSecrets, isSecretKey, resourceSecrets, sharedSecrets } from '../../../src/secrets/collect.js';
import type { State } from '../../../src/state/types.js';

function stateWith(
  resources: Record<string, { outputs?: Record<string, unknown>; state?: Record<string, unknown> }>,
  shared: Record<string, unknown> = {},
): State {
  return {
    workloads: {},
    resources: Object.fromEntries(
      Object.entries(resources).map(([uid, r]) => [
        uid,
        {
          guid: 'g',
          type: 't',
          class: 'default',
          id: 'i',
          metadata: {},
          params: {},
          source_workload: 'w',
          state: r.state ?? {},
          ...(r.outputs ? { outputs: r.outputs } : {}),
        },
      ]),
    ),
    shared_state: shared,
    compose_project: 'p',
    mounts_directory: '.score-compose/mounts',
    patching_templates: [],
  };
}

describe('isSecretKey (for provisioners that list no secret_outputs)', () => {
  it.each([
    'password',
    'PGPASSWORD',
    'db_password',
    'instancePassword',
    'rootPassword',
    'MYSQL_ROOT_PASSWORD',
    'secret',
    'secret_key',
    'aws_secret_key',
    'AUTH_TOKEN',
    'api_key',
    'apiKey',
    'private_key',
    'credentials',
    'REDIS_PASS',
  ])('%s names a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    'host',
    'port',
    'username',
    'access_key_id',
    'aws_access_key_id',
    'key',
    'bucket',
    'url',
    'connection',
    'passage',
  ])('%s does not', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('collectSecrets', () => {
  it('takes the outputs a provisioner lists, and only those', () => {
    const state = stateWith({
      'postgres.default#web.db': { outputs: { host: 'pg-1', password: 'hunter22', token: 'not-listed-1' } },
    });
    const secrets = collectSecrets({
      state,
      declared: new Map([['postgres.default#web.db', ['password']]]),
      services: {},
    });
    expect(secrets).toEqual([{ name: 'POSTGRES_DEFAULT_WEB_DB_PASSWORD', value: 'hunter22' }]);
  });

  it('names secrets by the key rule without a list, one name per value, outputs before state', () => {
    const state = stateWith({
      'redis.default#web.cache': { outputs: { host: 'r', password: 'pw-123456' }, state: { password: 'pw-123456' } },
    });
    expect(collectSecrets({ state, declared: new Map(), services: {} })).toEqual([
      { name: 'REDIS_DEFAULT_WEB_CACHE_PASSWORD', value: 'pw-123456' },
    ]);
  });

  it('finds secrets in the shared state and in provisioner services, and skips short values and references', () => {
    const state = stateWith({}, { 'pg-instance': { instancePassword: 'abcdefgh', port: 5432 }, other: { token: 'x' } });
    const services = {
      db: { environment: { MYSQL_ROOT_PASSWORD: 'rootroot', USER: 'root', PW_REF_PASSWORD: '${X}' } },
    };
    expect(collectSecrets({ state, declared: new Map(), services })).toEqual([
      { name: 'PG_INSTANCE_INSTANCE_PASSWORD', value: 'abcdefgh' },
      { name: 'DB_MYSQL_ROOT_PASSWORD', value: 'rootroot' },
    ]);
  });

  it('gives two places with one name two variables', () => {
    const state = stateWith({
      'a.default#w.x-y': { outputs: { password: 'first-secret' } },
      'a.default#w.x_y': { outputs: { password: 'second-secret' } },
    });
    expect(collectSecrets({ state, declared: new Map(), services: {} }).map((s) => s.name)).toEqual([
      'A_DEFAULT_W_X_Y_PASSWORD',
      'A_DEFAULT_W_X_Y_PASSWORD_2',
    ]);
  });

  it('resourceSecrets and sharedSecrets see what collectSecrets sees', () => {
    expect(resourceSecrets('u', { password: 'p4ssword' }, { nested: { apiKey: 'k3y-value' } }, undefined)).toEqual([
      { name: 'U_PASSWORD', value: 'p4ssword' },
      { name: 'U_NESTED_API_KEY', value: 'k3y-value' },
    ]);
    expect(sharedSecrets({ a: { secret: 'shh-shh' } })).toEqual([{ name: 'A_SECRET', value: 'shh-shh' }]);
  });
});
