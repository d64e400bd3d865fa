// A project and context for --publish (the unit tier and the reference's error table in the
// acceptance tier): workload `example` and two postgres resources with their services.
import type { PublishContext } from '../../../src/assemble/publish.js';
import type { ComposeProject } from '../../../src/compose/types.js';

/** A fresh project: `example-hello` for workload example, `pg-abc` and `pg-thing` for the resources. */
export const project = (): ComposeProject => ({
  name: '001',
  services: {
    'example-hello': { hostname: 'example', image: 'foo' },
    'pg-abc': { image: 'postgres' },
    'pg-thing': { image: 'postgres' },
  },
});

/** Workload `example`; resources `postgres.default#example.db1` (host pg-abc) and `postgres.default#thing`. */
export const ctx: PublishContext = {
  workloads: ['example'],
  resources: [
    {
      uid: 'postgres.default#example.db1',
      type: 'postgres',
      class: 'default',
      id: 'example.db1',
      outputs: { host: 'pg-abc', port: 5432 },
    },
    {
      uid: 'postgres.default#thing',
      type: 'postgres',
      class: 'default',
      id: 'thing',
      outputs: { host: 'pg-thing', missing: 'nope' },
    },
  ],
};
