// `resources prune` and the router: a pruned route leaves the shared state, so the nginx.conf the
// remaining routes write no longer sends requests to a workload that is gone.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject } from '../../helpers/cli.js';

const routed = (name: string, host: string) => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox
service:
  ports:
    http:
      port: 80
resources:
  route:
    type: route
    params:
      host: ${host}
      path: /
      port: http
`;

async function ok(dir: string, argv: string[]) {
  const run = await runIn(dir, argv);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** The router's nginx.conf and the routing entry of the shared state. */
async function router(dir: string) {
  const mounts = join(dir, '.score-compose', 'mounts');
  const [service] = (await readdir(mounts)).filter((d) => d.startsWith('routing-'));
  const state = parse(await readFile(join(dir, '.score-compose', 'state.yaml'), 'utf8')) as {
    shared_state: Record<string, { hosts: Record<string, unknown> }>;
  };
  return {
    conf: await readFile(join(mounts, service!, 'nginx.conf'), 'utf8'),
    hosts: Object.keys(state.shared_state['default-provisioners-routing-instance']!.hosts).sort(),
  };
}

describe('resources prune with routes', () => {
  it("takes a pruned route out of the shared state and the router's nginx.conf", async () => {
    const dir = await tempProject('routes', {
      'web.yaml': routed('web', 'web.localhost'),
      'admin.yaml': routed('admin', 'admin.localhost'),
    });
    await ok(dir, ['init', '--no-sample']);
    await ok(dir, ['generate', 'web.yaml', 'admin.yaml']);
    expect((await router(dir)).hosts).toEqual(['admin.localhost', 'web.localhost']);
    // Removing the workload leaves its route in the state, so web's route still writes it.
    await ok(dir, ['workloads', 'remove', 'admin']);
    expect((await router(dir)).conf).toContain('admin.localhost');
    await ok(dir, ['resources', 'prune']);
    const after = await router(dir);
    expect(after.hosts).toEqual(['web.localhost']);
    expect(after.conf).toContain('web.localhost');
    expect(after.conf).not.toContain('admin');
  });
});
