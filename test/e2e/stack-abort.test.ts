// Ctrl-C in the middle of `score-compose up`: the command stops promptly with exit code 130, and
// a following `down -v` leaves nothing of the project behind.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, runWatched, StackProjects } from '../helpers/stack-project.js';

// postgres takes seconds to become healthy, so there is a window to interrupt `up` in.
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: app
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; sleep 3600 & wait"]
    variables:
      PGHOST: \${resources.db.host}
resources:
  db:
    type: postgres
  data:
    type: volume
`;

describeE2E('score-compose up: interrupted (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['mirror.gcr.io/postgres:17-alpine', 'busybox:latest', 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  // Interrupt during creation (first "Created" line) and during the health wait (first "Started").
  it.each([
    ['while creating containers', /Container \S+ +Created/],
    ['while waiting for health', /Container \S+ +Started/],
  ])(
    'Ctrl-C %s exits 130, then down -v removes everything',
    async (_when, trigger) => {
      const p = await projects.create('abort', { 'score.yaml': SCORE });
      const controller = new AbortController();
      let abortedAt = 0;
      let seen = '';
      const run = await runWatched(p.dir, ['up', 'score.yaml'], {
        signal: controller.signal,
        onStderr: (text) => {
          seen += text;
          if (abortedAt === 0 && trigger.test(seen)) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      });
      expect(abortedAt, `never saw ${String(trigger)} in:\n${run.stderr}`).toBeGreaterThan(0);
      expect(run.code, run.stderr).toBe(130);
      expect(Date.now() - abortedAt).toBeLessThan(10_000);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr).not.toContain(`Project '${p.name}' is up`);

      // Something was created before the interrupt, so the clean slate below is down's doing.
      const before = leftovers(p.name);
      expect(before.containers.length).toBeGreaterThan(0);
      expect(before.networks).toEqual([`${p.name}_default`]);
      expect(before.volumes.length).toBeGreaterThan(0);
      expect(run.stderr).toContain('Error: interrupted');

      const down = ok(await p.run(['down', '-v']), 'down -v after the interrupt');
      expect(down.stderr).not.toContain('internal error');
      expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
      // The interrupted up committed neither compose.yaml nor the state (a failed run leaves the
      // files as they were), so what it created is known only from the engine: check each volume
      // it made by name too, not only by label.
      projects.alsoRemoveVolumes(p, before.volumes);
      for (const volume of before.volumes)
        expect(docker('volume', 'ls', '-q', '--filter', `name=^${volume}$`).trim(), volume).toBe('');
      const outputs = await p.run(['resources', 'get-outputs', 'volume.default#app.data']);
      expect(outputs.code, 'the state must not hold the interrupted run').not.toBe(0);
    },
    90_000,
  );
});
