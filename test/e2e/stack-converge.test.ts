// `score-compose up` converges: a second run with nothing changed keeps every container, and a
// changed variable in one of two workloads recreates only that workload's service.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeE2E } from '../helpers/docker-env.js';
import { containerIds, docker, ensureImages, leftovers, ok, StackProjects } from '../helpers/stack-project.js';
import { parsePsJson } from '../helpers/stack-project.js';

function workload(name: string, greeting: string): string {
  return `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; sleep 3600 & wait"]
    variables:
      GREETING: ${greeting}
`;
}

describeE2E('score-compose up: convergence (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['busybox:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('keeps every container on an unchanged second up and recreates only the changed workload', async () => {
    const p = await projects.create('conv', {
      'alpha.yaml': workload('alpha', 'hello'),
      'beta.yaml': workload('beta', 'hello'),
    });
    ok(await p.run(['up', 'alpha.yaml', 'beta.yaml']), 'first up');
    const first = containerIds(p.name);
    expect(Object.keys(first).sort()).toEqual(['alpha-main', 'beta-main']);

    const again = ok(await p.run(['up', 'alpha.yaml', 'beta.yaml']), 'second up');
    expect(containerIds(p.name)).toEqual(first);
    expect(again.stderr).not.toMatch(/Recreate|Created/);
    const rows = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    expect(rows.map((r) => [r.Service, r.Name, r.State])).toEqual([
      ['alpha-main', `${p.name}-alpha-main-1`, 'running'],
      ['beta-main', `${p.name}-beta-main-1`, 'running'],
    ]);

    await writeFile(join(p.dir, 'beta.yaml'), workload('beta', 'changed'));
    const changed = ok(await p.run(['up', 'beta.yaml']), 'up after changing beta');
    expect(changed.stderr).toContain(`Container ${p.name}-beta-main-1  Recreated`);
    expect(changed.stderr).not.toMatch(/alpha-main-1 +(Recreated|Created)/);
    const third = containerIds(p.name);
    expect(third['alpha-main']).toBe(first['alpha-main']);
    expect(third['beta-main']).toBeDefined();
    expect(third['beta-main']).not.toBe(first['beta-main']);
    expect(docker('inspect', '-f', '{{json .Config.Env}}', third['beta-main'] ?? '')).toContain('"GREETING=changed"');
    const after = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    expect(after.map((r) => r.State)).toEqual(['running', 'running']);

    ok(await p.run(['down']), 'down');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 90_000);
});
