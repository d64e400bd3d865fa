// The inner loop, as a user goes through it against a real engine: edit, `up` again, and the
// running stack shows the change; a failed `up` leaves nothing stuck.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, freePort, ok, StackProjects } from '../helpers/stack-project.js';
import { httpGet, ROUTED_BODY, routedWorkloadScore } from '../helpers/stack-scores.js';

async function dnsHost(
  run: (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>,
  workload: string,
) {
  return ok(
    await run(['resources', 'get-outputs', `dns.default#${workload}.dns`, '-f', '{{host}}']),
    'host',
  ).stdout.trim();
}

describeE2E('the inner loop: edits reach the running stack (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['mirror.gcr.io/nginx:1-alpine', 'busybox:latest', 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('a changed file content, a second routed workload and an edit picked up by a bare `up`', async () => {
    const port = await freePort();
    const p = await projects.create('loop', { 'score.yaml': routedWorkloadScore('web', port) });
    ok(await p.run(['up', 'score.yaml', '--wait-timeout', '60']), 'first up');
    const webHost = await dnsHost((a) => p.run(a), 'web');
    expect(await httpGet(port, webHost, '/')).toEqual({ status: 200, body: ROUTED_BODY });

    // 1. The file's content changes in the Score file: the next up serves it.
    const edited = routedWorkloadScore('web', port).replace(ROUTED_BODY, 'the edited page');
    await writeFile(join(p.dir, 'score.yaml'), edited);
    const second = ok(await p.run(['up', 'score.yaml', '--wait-timeout', '60']), 'up after an edit');
    expect(second.stderr).toMatch(/Container \S*web-main\S*\s+Recreate \(mounted files changed\)/);
    expect(await httpGet(port, webHost, '/')).toEqual({ status: 200, body: 'the edited page' });

    // 2. A second routed workload: its own host serves its own page (the router picks it up).
    await mkdir(join(p.dir, 'admin'));
    const admin = routedWorkloadScore('admin', port).replace(ROUTED_BODY, 'the admin page');
    await writeFile(join(p.dir, 'admin', 'score.yaml'), admin);
    const third = ok(await p.run(['up', 'admin/score.yaml', '--wait-timeout', '60']), 'up admin');
    expect(third.stderr).toMatch(/Container \S*routing-\S+\s+Recreate \(mounted files changed\)/);
    const adminHost = await dnsHost((a) => p.run(a), 'admin');
    expect(await httpGet(port, adminHost, '/')).toEqual({ status: 200, body: 'the admin page' });
    expect(await httpGet(port, webHost, '/')).toEqual({ status: 200, body: 'the edited page' });

    // 3. `up` with no files reads the recorded Score files again and says so.
    await writeFile(join(p.dir, 'score.yaml'), edited.replace('the edited page', 'edited once more'));
    const bare = ok(await p.run(['up', '--wait-timeout', '60']), 'bare up');
    expect(bare.stderr).toContain('Reading the Score files the state records: admin/score.yaml, score.yaml');
    expect(await httpGet(port, webHost, '/')).toEqual({ status: 200, body: 'edited once more' });
    expect(await httpGet(port, adminHost, '/')).toEqual({ status: 200, body: 'the admin page' });

    // 4. Nothing changed: nothing is recreated.
    const idle = ok(await p.run(['up', '--wait-timeout', '60']), 'idle up');
    expect(idle.stderr).not.toMatch(/Recreate|Created/);
  }, 300_000);

  it('a failed up stores nothing: the previous compose file and state stay, and the next up works', async () => {
    const port = await freePort();
    const p = await projects.create('fail', { 'score.yaml': routedWorkloadScore('web', port) });
    ok(await p.run(['up', 'score.yaml', '--wait-timeout', '60']), 'first up');
    const before = {
      compose: await readFile(join(p.dir, 'compose.yaml'), 'utf8'),
      state: await readFile(join(p.dir, '.score-compose/state.yaml'), 'utf8'),
    };
    await writeFile(
      join(p.dir, 'broken.yaml'),
      'apiVersion: score.dev/v1b1\nmetadata:\n  name: broken\ncontainers:\n  main:\n    image: no-such-image.invalid/nothing:1\n',
    );
    const failed = await p.run(['up', 'broken.yaml', '--wait-timeout', '60']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('no-such-image.invalid/nothing:1');
    expect(await readFile(join(p.dir, 'compose.yaml'), 'utf8')).toBe(before.compose);
    expect(await readFile(join(p.dir, '.score-compose/state.yaml'), 'utf8')).toBe(before.state);
    // The broken workload was not stored, so a bare up converges the good stack again.
    const again = ok(await p.run(['up', '--wait-timeout', '60']), 'up after the failure');
    expect(again.stderr).not.toContain('broken');
    const host = await dnsHost((a) => p.run(a), 'web');
    expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: ROUTED_BODY });
  }, 300_000);

  it('says that a recreate waits for a container that ignores SIGTERM', async () => {
    const stubborn = (marker: string) => `apiVersion: score.dev/v1b1
metadata:
  name: stubborn
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"]
    variables:
      MARKER: "${marker}"
`;
    const p = await projects.create('sigterm', { 'score.yaml': stubborn('one') });
    ok(await p.run(['up', 'score.yaml', '--no-wait']), 'first up');
    await writeFile(join(p.dir, 'score.yaml'), stubborn('two'));
    const second = ok(await p.run(['up', 'score.yaml', '--no-wait']), 'second up');
    expect(second.stderr).toMatch(/Recreate \(configuration changed\)/);
    expect(second.stderr).toMatch(/Stopping: still running 2s after SIGTERM; the engine kills it at 10s/);
    const env = docker('inspect', '--format', '{{json .Config.Env}}', `${p.name}-stubborn-main-1`);
    expect(env).toContain('MARKER=two');
  }, 120_000);
});
