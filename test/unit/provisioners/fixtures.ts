// Shared inputs for provisioner tests.
import type { ProvisionInput } from '../../../src/provisioners/types.js';

/** A ProvisionInput with sensible defaults; override what a test cares about. */
export function provisionInput(overrides: Partial<ProvisionInput> = {}): ProvisionInput {
  return {
    uid: 'thing.default#w.r',
    type: 'thing',
    class: 'default',
    id: 'w.r',
    guid: '00000000-0000-4000-8000-000000000000',
    params: undefined,
    metadata: {},
    sourceWorkload: 'w',
    workloadServices: {},
    state: {},
    shared: {},
    composeProjectName: 'test',
    mountsDirectory: '.score-compose/mounts',
    ...overrides,
  };
}
