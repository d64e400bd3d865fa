import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { tryUpgradeWorkload, upgradeWorkload } from '../../../src/score/upgrade.js';

function workload(containers: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'score.dev/v1b1', metadata: { name: 'w' }, containers };
}

describe('upgradeWorkload', () => {
  it('turns list files into a map keyed by target, joining list content with newlines', () => {
    const raw = workload({
      web: {
        image: 'nginx',
        files: [
          { target: '/a.txt', content: ['line 1', 'line 2'], mode: '0644' },
          { target: '/b.txt', source: './b.txt' },
        ],
      },
    });
    const { value, changes } = upgradeWorkload(raw);
    expect(value['containers']).toEqual({
      web: {
        image: 'nginx',
        files: { '/a.txt': { content: 'line 1\nline 2', mode: '0644' }, '/b.txt': { source: './b.txt' } },
      },
    });
    expect(changes).toEqual([
      'containers.web.files.0.content: converted from array',
      'containers.web.files: migrated to object',
    ]);
  });

  it('turns list volumes into a map and renames read_only to readOnly', () => {
    const raw = workload({
      app: {
        image: 'x',
        volumes: [
          { target: '/data', source: '${resources.data}', read_only: true },
          { target: '/cache', source: 'cache', path: 'sub' },
        ],
      },
    });
    const { value, changes } = upgradeWorkload(raw);
    expect(value['containers']).toEqual({
      app: {
        image: 'x',
        volumes: {
          '/data': { source: '${resources.data}', readOnly: true },
          '/cache': { source: 'cache', path: 'sub' },
        },
      },
    });
    expect(changes).toEqual([
      'containers.app.volumes.0.read_only: migrated to readOnly',
      'containers.app.volumes: migrated to object',
    ]);
  });

  it('reports files before volumes, container by container', () => {
    const raw = workload({
      a: { image: 'x', volumes: [{ target: '/v', source: 's' }], files: [{ target: '/f', content: 'c' }] },
      b: { image: 'y', files: { '/g': { content: 'already a map' } } },
    });
    expect(upgradeWorkload(raw).changes).toEqual([
      'containers.a.files: migrated to object',
      'containers.a.volumes: migrated to object',
    ]);
  });

  it('leaves map forms and unrelated shapes untouched, returning the same object when nothing changes', () => {
    const raw = workload({ web: { image: 'nginx', files: { '/x': { content: ['not', 'joined'] } }, volumes: null } });
    const result = upgradeWorkload(raw);
    expect(result.value).toBe(raw);
    expect(result.changes).toEqual([]);
    expect(upgradeWorkload({ containers: 'nonsense' }).value).toEqual({ containers: 'nonsense' });
  });

  it('never modifies its input', () => {
    const raw = workload({
      web: {
        image: 'nginx',
        files: [{ target: '/a', content: ['1', '2'] }],
        volumes: [{ target: '/v', source: 's', read_only: false }],
      },
    });
    const before = structuredClone(raw);
    // Frozen all the way down: any write would throw (ES modules run in strict mode).
    const deepFreeze = (v: unknown): void => {
      if (typeof v === 'object' && v !== null) {
        Object.freeze(v);
        Object.values(v).forEach(deepFreeze);
      }
    };
    deepFreeze(raw);
    const { value } = upgradeWorkload(raw);
    expect(raw).toEqual(before);
    expect(value).not.toBe(raw);
  });

  it('keeps lists of non-scalars for the schema to reject', () => {
    const raw = workload({ web: { image: 'i', files: [{ target: '/a', content: [{ nested: true }] }] } });
    const { value, changes } = upgradeWorkload(raw);
    expect((value['containers'] as Record<string, { files: Record<string, unknown> }>)['web']?.files).toEqual({
      '/a': { content: [{ nested: true }] },
    });
    expect(changes).toEqual(['containers.web.files: migrated to object']);
  });

  it('fails on an item without a string target, with the exact message and its raw path', () => {
    const raw = workload({ web: { image: 'i', files: [{ target: '/ok', content: 'x' }, { content: 'no target' }] } });
    expect(() => upgradeWorkload(raw)).toThrow(ScoreComposeError);
    expect(() => upgradeWorkload(raw)).toThrow(
      'failed to upgrade spec: containers.web.files.1.target: is missing or is not a string',
    );
    const outcome = tryUpgradeWorkload(workload({ db: { image: 'i', volumes: [{ target: 5, source: 's' }] } }));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.message).toBe(
        'failed to upgrade spec: containers.db.volumes.0.target: is missing or is not a string',
      );
      expect(outcome.error.code).toBe('input');
      expect(outcome.path).toEqual(['containers', 'db', 'volumes', 0, 'target']);
    }
    expect(() => upgradeWorkload(workload({ c: { image: 'i', volumes: ['just a string'] } }))).toThrow(
      'failed to upgrade spec: containers.c.volumes.0.target: is missing or is not a string',
    );
  });
});

describe('upgradeWorkload with hostile keys', () => {
  it('keeps a target named __proto__ as an ordinary key', () => {
    const raw = workload({ web: { image: 'i', files: [{ target: '__proto__', content: 'x' }] } });
    const { value } = upgradeWorkload(raw);
    const files = (value['containers'] as Record<string, { files: Record<string, unknown> }>)['web']?.files ?? {};
    expect(Object.keys(files)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(files)).toBe(Object.prototype);
  });
});
