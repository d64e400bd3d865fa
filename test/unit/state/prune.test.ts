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

describe('pruning and the shared state', () => {
  const routes = {
    instancePort: 8080,
    instanceServiceName: 'routing-abc',
    hosts: {
      'a.localhost': { 'route.default#web.route': { path: '/' }, 'route.default#admin.route': { path: '/admin' } },
      'b.localhost': { 'route.default#admin.other': { path: '/' } },
    },
  };
  const state = {
    ...primeResources(
      withWorkloads(emptyState('p'), [
        { file: 'web.yaml', workload: workload('web', { route: { type: 'route' }, db: { type: 'postgres' } }) },
      ]),
      () => 'guid',
    ),
    shared_state: {
      'default-provisioners-routing-instance': routes,
      'default-provisioners-postgres-instance': { instanceServiceName: 'pg-x', instancePassword: 'secret' },
      // Not under a uid of its own: nothing says whose it is.
      custom: { list: ['route.default#admin.route'], 'route.default#admin.route-not-quite': 1 },
    },
  };

  it("drops the entries keyed by a pruned resource's uid and the maps they leave empty, nothing else", () => {
    const pruned = withoutResources(state, ['route.default#admin.route', 'route.default#admin.other', 'postgres.x#y']);
    expect(pruned.shared_state).toEqual({
      ...state.shared_state,
      'default-provisioners-routing-instance': {
        ...routes,
        hosts: { 'a.localhost': { 'route.default#web.route': { path: '/' } } },
      },
    });
    // The input is left as it was; unrelated parts are not copied.
    expect(Object.keys(state.shared_state['default-provisioners-routing-instance'].hosts)).toHaveLength(2);
    expect(pruned.shared_state['custom']).toBe(state.shared_state.custom);
    expect(withoutResources(state, ['volume.default#gone']).shared_state).toBe(state.shared_state);
  });
});
