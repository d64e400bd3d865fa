// A `volume` resource through the CLI: its data survives `down` + `up`, and `down -v` removes it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, StackProjects } from '../helpers/stack-project.js';

const TOKEN = `token-${process.pid}-${Date.now().toString(36)}`;

// First start writes the token; later starts print what they find. No `$` in the script, so
// neither Score nor compose interpolation touches it.
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: keeper
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args:
      - "if test -f /data/marker; then echo found; cat /data/marker; else echo ${TOKEN} > /data/marker; echo wrote; fi; trap 'exit 0' TERM; sleep 3600 & wait"
    volumes:
      /data:
        source: \${resources.data}
resources:
  data:
    type: volume
`;

describeE2E('score-compose up/down: volume resource (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['busybox:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('keeps the data across down and up, and down -v removes the volume', async () => {
    const p = await projects.create('vol', { 'score.yaml': SCORE });
    ok(await p.run(['up', 'score.yaml']), 'first up');
    const source = ok(
      await p.run(['resources', 'get-outputs', 'volume.default#keeper.data', '-f', '{{source}}']),
      'get-outputs',
    ).stdout.trim();
    expect(source).not.toBe('');
    projects.alsoRemoveVolumes(p, [source]);
    expect(docker('volume', 'ls', '-q', '--filter', `name=^${source}$`).trim()).toBe(source);
    expect(ok(await p.run(['logs', '--no-color']), 'logs').stdout).toMatch(/\| wrote\n/);

    ok(await p.run(['down']), 'down');
    expect(leftovers(p.name).containers).toEqual([]);
    expect(docker('volume', 'ls', '-q', '--filter', `name=^${source}$`).trim()).toBe(source);

    ok(await p.run(['up']), 'second up (stored workloads)');
    const logs = ok(await p.run(['logs', '--no-color']), 'logs').stdout;
    expect(logs).toMatch(/\| found\n/);
    expect(logs).toContain(`| ${TOKEN}\n`);
    expect(logs).not.toContain('wrote');

    ok(await p.run(['down', '-v']), 'down -v');
    expect(docker('volume', 'ls', '-q', '--filter', `name=^${source}$`).trim()).toBe('');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 90_000);
});
