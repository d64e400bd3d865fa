// Two checkouts of one project (a/<name>, b/<name>) derive the same compose project name, so the
// same container, network and volume names. `down -v` in one leaves the other's containers and
// volumes alone (their working-dir label says whose they are); `up` in one refuses to take over
// the containers the other started. (docker compose 2.26: `up` in b reports a's container as
// "Running" and adopts it; `down -v` in b removes a's containers of the services b's file has,
// and the volumes b's file declares.)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runIn } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, sweep, uniqueProjectName } from '../helpers/stack-project.js';

const workload = (name: string) => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; sleep 3600 & wait"]
    volumes:
      /data:
        source: \${resources.data}
resources:
  data:
    type: volume
`;

describeE2E('two checkouts with the same project name (CLI, real engine)', () => {
  const name = uniqueProjectName('ckout');
  let root = '';
  const dirA = () => join(root, 'a', name);
  const dirB = () => join(root, 'b', name);

  beforeAll(async () => {
    ensureImages(['busybox:latest']);
    root = await mkdtemp(join(tmpdir(), 'sct-ckout-'));
    for (const [dir, w] of [
      [dirA(), 'shop'],
      [dirB(), 'cache'],
    ] as const) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'score.yaml'), workload(w));
      // No --project: the name comes from the directory, the same for both.
      ok(await runIn(dir, ['init', '--no-sample']), `init in ${dir}`);
    }
  }, 900_000);
  afterAll(async () => {
    sweep(name);
    await rm(root, { recursive: true, force: true });
  });

  it('up in b while a runs: refused before anything is created, with the way out', async () => {
    ok(await runIn(dirA(), ['up', 'score.yaml']), 'up in a');
    const before = leftovers(name);
    expect(before.containers).toEqual([`${name}-shop-main-1`]);
    expect(before.volumes).toHaveLength(1);

    const up = await runIn(dirB(), ['up', 'score.yaml']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(
      `Error: the compose project name "${name}" is already used by another directory: ${dirA()}`,
    );
    expect(up.stderr).toContain(`its containers: ${name}-shop-main-1`);
    expect(up.stderr).toMatch(
      /^hint: give this directory a project name of its own \(score-compose init --project <name>\)/m,
    );
    expect(leftovers(name)).toEqual(before);
  }, 120_000);

  it("down -v in b leaves a's container, network and volume untouched, and says so", async () => {
    const before = leftovers(name);
    const down = await runIn(dirB(), ['down', '-v']);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(
      `WARN: Left alone, as they belong to another directory using the project name "${name}" (${dirA()})`,
    );
    expect(leftovers(name)).toEqual(before);
    expect(docker('inspect', '-f', '{{.State.Running}}', `${name}-shop-main-1`).trim()).toBe('true');
  }, 120_000);

  it("once a is down (volume kept), b can run; b's down -v removes b's volume and keeps a's", async () => {
    ok(await runIn(dirA(), ['down']), 'down in a (keeps its volume)');
    const volumeA = leftovers(name).volumes;
    expect(volumeA).toHaveLength(1);
    ok(await runIn(dirB(), ['up', 'score.yaml']), 'up in b');
    const withB = leftovers(name);
    expect(withB.containers).toEqual([`${name}-cache-main-1`]);
    expect(withB.volumes).toHaveLength(2);

    ok(await runIn(dirB(), ['down', '-v']), 'down -v in b');
    expect(leftovers(name)).toEqual({ containers: [], networks: [], volumes: volumeA });

    // In a, down -v removes a's volume.
    ok(await runIn(dirA(), ['down', '-v']), 'down -v in a');
    expect(leftovers(name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 180_000);
});
