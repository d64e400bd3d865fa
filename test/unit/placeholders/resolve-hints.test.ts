// A reference that does not resolve keeps the reference's message and says what would: the keys
// that exist (sorted, names only) and the closest one; the substitution keeps that hint and names
// the failing reference, so the error can point at its column.
import { describe, expect, it } from 'vitest';
import { createResolver, UnresolvedReference } from '../../../src/placeholders/resolve.js';
import { substituteDeep, substituteString } from '../../../src/placeholders/substitute.js';
import { thrown } from '../../helpers/thrown.js';

const resolve = createResolver({
  metadata: { name: 'web', annotations: { team: 'a' } },
  resources: (name) =>
    name === 'db'
      ? {
          uid: 'postgres.default#web.db',
          outputs: { username: 'u', password: 'p', host: 'h', port: 5432, nested: { inner: 1 } },
        }
      : name === 'empty'
        ? { uid: 'thing.default#web.empty', outputs: {} }
        : undefined,
  env: 'deferred',
});

describe('unknown output keys', () => {
  it('lists the outputs sorted and suggests the closest (hostname → host)', () => {
    const err = thrown(() => resolve('resources.db.hostname'));
    expect(err).toBeInstanceOf(UnresolvedReference);
    expect(err.message).toBe("invalid ref 'resources.db.hostname': key 'hostname' not found");
    expect(err.hint).toBe(
      "did you mean 'host'? resource 'db' (postgres.default#web.db) has the outputs: host, nested, password, port, username",
    );
    expect((err as UnresolvedReference).ref).toBe('resources.db.hostname');
  });

  it('suggests by edit distance too, and lists only when nothing is close', () => {
    expect(thrown(() => resolve('resources.db.pasword')).hint).toMatch(/^did you mean 'password'\? /);
    expect(thrown(() => resolve('resources.db.zzz')).hint).toBe(
      "resource 'db' (postgres.default#web.db) has the outputs: host, nested, password, port, username",
    );
  });

  it('names nested maps, metadata, and a resource without outputs', () => {
    expect(thrown(() => resolve('resources.db.nested.iner')).hint).toBe(
      "did you mean 'inner'? 'nested' has the keys: inner",
    );
    expect(thrown(() => resolve('metadata.nme')).hint).toBe(
      "did you mean 'name'? metadata has the keys: annotations, name",
    );
    expect(thrown(() => resolve('resources.empty.x')).hint).toBe(
      "resource 'empty' (thing.default#web.empty) has no outputs",
    );
  });

  it('suggests the root for a misspelt one', () => {
    const err = thrown(() => resolve('resource.db.host'));
    expect(err.message).toBe(
      "invalid ref 'resource.db.host': unknown reference root, use $$ to escape the substitution",
    );
    expect(err.hint).toMatch(/^did you mean 'resources'\? /);
  });
});

describe('substitution keeps the hint and the failing reference', () => {
  it('in a string', () => {
    const err = thrown(() => substituteString('postgres://${resources.db.hostname}:5432', resolve, 'keep'));
    expect(err.message).toBe("invalid ref 'resources.db.hostname': key 'hostname' not found");
    expect(err.hint).toMatch(/^did you mean 'host'\?/);
    expect(err.cause).toBeInstanceOf(UnresolvedReference);
  });

  it('in nested params, where the message is prefixed by the path', () => {
    const err = thrown(() => substituteDeep({ a: [{ b: '${resources.db.hostname}' }] }, resolve));
    expect(err.message).toBe("a: 0: b: invalid ref 'resources.db.hostname': key 'hostname' not found");
    expect(err.hint).toMatch(/^did you mean 'host'\?/);
  });
});
