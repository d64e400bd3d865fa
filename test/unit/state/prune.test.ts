import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/state/store.js';
import {
  primeResources,
  unusedResources,
  withoutResources,
  withoutWorkloads,
  withWorkloads,
} from '../../../src/state/transitions.js';
import type { Workload } from '../../../src/score/types.js';

const workload = (name: string, resources: Workload['resources']): Workload => ({
  apiVersion: 'score.dev/v1b1',
  metadata: { name },
  containers: { main: { image: 'busybox' } },
  resources,
});

describe('unused resources', () => {
  const state = primeResources(
    withWorkloads(emptyState('p'), [
      {
        file: 'web.yaml',
        workload: workload('web', { db: { type: 'postgres' }, shared: { type: 'volume', id: 'common' } }),
      },
      {
        file: 'admin.yaml',
        workload: workload('admin', { data: { type: 'volume' }, shared: { type: 'volume', id: 'common' } }),
      },
    ]),
    () => 'guid',
  );

  it('are the resources no stored workload uses, a shared id staying while one workload uses it', () => {
    expect(unusedResources(state)).toEqual([]);
    const withoutAdmin = withoutWorkloads(state, ['admin']);
    expect(unusedResources(withoutAdmin)).toEqual(['volume.default#admin.data']);
    expect(unusedResources(withoutWorkloads(state, ['admin', 'web']))).toEqual([
      'postgres.default#web.db',
      'volume.default#admin.data',
      'volume.default#common',
    ]);
    const pruned = withoutResources(withoutAdmin, unusedResources(withoutAdmin));
    expect(Object.keys(pruned.resources).sort()).toEqual(['postgres.default#web.db', 'volume.default#common']);
    expect(unusedResources(pruned)).toEqual([]);
    expect(withoutResources(state, [])).toBe(state);
  });
});
