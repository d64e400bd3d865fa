// Taking a workload out of a running project, as a user does it: `workloads remove`, then
// `resources prune --volumes`. Nothing of the removed workload's resources may stay in the state,
// the compose file or the engine; a resource another workload still uses (a shared id) stays.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, StackProjects } from '../helpers/stack-project.js';

const workload = (name: string, ownVolume: boolean) => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    volumes:
      /shared:
        source: \${resources.common}
${ownVolume ? '      /own:\n        source: ${resources.own}\n' : ''}resources:
  common:
    type: volume
    id: common
${ownVolume ? '  own:\n    type: volume\n' : ''}`;

describeE2E('workloads remove and resources prune (CLI, real engine)', () => {
  const projects = new StackProjects();
  beforeAll(() => ensureImages(['busybox:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('leaves no trace of a removed workload’s resources in the state, the compose file or the engine', async () => {
    const p = await projects.create('prune', {
      'web.yaml': workload('web', false),
      'admin.yaml': workload('admin', true),
    });
    ok(await p.run(['up', 'web.yaml', 'admin.yaml']), 'up');
    const volumeOf = async (uid: string) =>
      ok(await p.run(['resources', 'get-outputs', uid, '-f', '{{source}}']), `outputs of ${uid}`).stdout.trim();
    const own = await volumeOf('volume.default#admin.own');
    const common = await volumeOf('volume.default#common');
    const volumeKeys = () =>
      docker('volume', 'ls', '--filter', `label=com.docker.compose.project=${p.name}`, '--format', '{{.Labels}}');
    expect(volumeKeys()).toContain(`com.docker.compose.volume=${own}`);
    expect(leftovers(p.name).containers).toEqual(expect.arrayContaining([`${p.name}-admin-main-1`]));

    const list = JSON.parse(ok(await p.run(['workloads', 'list', '-f', 'json']), 'list').stdout) as { Name: string }[];
    expect(list.map((w) => w.Name)).toEqual(['admin', 'web']);

    const removed = ok(await p.run(['workloads', 'remove', 'admin']), 'remove');
    expect(removed.stderr).toContain("Removed workload 'admin'");
    expect(removed.stderr).toContain('volume.default#admin.own): score-compose resources prune removes them');
    const compose = await readFile(join(p.dir, 'compose.yaml'), 'utf8');
    expect(compose).not.toContain('admin-main');
    expect(compose).not.toContain(own);
    expect(compose).toContain(common);

    const pruned = ok(await p.run(['resources', 'prune', '--volumes']), 'prune');
    expect(pruned.stderr).toContain("Removed resource 'volume.default#admin.own' from the state");
    const state = await readFile(join(p.dir, '.score-compose', 'state.yaml'), 'utf8');
    expect(state).not.toContain('admin');
    expect(state).toContain('volume.default#common');
    // The engine: admin's container and own volume are gone; web and the shared volume stay.
    const after = leftovers(p.name);
    expect(after.containers).not.toContain(`${p.name}-admin-main-1`);
    expect(after.containers).toContain(`${p.name}-web-main-1`);
    expect(volumeKeys()).not.toContain(`com.docker.compose.volume=${own}`);
    expect(volumeKeys()).toContain(`com.docker.compose.volume=${common}`);
    expect(docker('inspect', '-f', '{{.State.Running}}', `${p.name}-web-main-1`).trim()).toBe('true');

    // Nothing left to prune: a second run changes nothing and says so.
    const again = ok(await p.run(['resources', 'prune', '--volumes']), 'prune again');
    expect(again.stderr).toContain('No resource to prune');
    const typo = await p.run(['workloads', 'remove', 'wbe']);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("did you mean 'web'?");
  }, 300_000);
});
