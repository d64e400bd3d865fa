import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { projectGraph } from '../../../src/api/graph.js';
import { silentLogger } from '../../../src/common/log.js';
import { toDot, toMermaid } from '../../../src/graph/formats.js';
import type { ProjectGraph } from '../../../src/graph/model.js';
import { runIn, tempProject } from '../../helpers/cli.js';

const ADMIN = `apiVersion: score.dev/v1b1
metadata:
  name: admin
containers:
  main:
    image: busybox
  side:
    image: busybox
    before:
      main:
        ready: started
resources:
  db:
    type: postgres
    id: shared-db
  web:
    type: service
    params:
      workload: hello-world
`;

/** Edges as `from-kind:name -kind-> to`, with node names instead of ids, for readable expectations. */
function edges(graph: ProjectGraph): string[] {
  const name = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id)!;
    return n.kind === 'resource' ? n.uid : n.kind === 'container' ? `${n.workload}.${n.name}` : n.name;
  };
  return graph.edges.map((e) => `${name(e.from)} -${e.kind}${e.label ? `(${e.label})` : ''}-> ${name(e.to)}`).sort();
}

describe('graph', () => {
  it('the init sample and a second workload: uses, reads outputs, refers to, adds service, before, shared ids', async () => {
    const dir = await tempProject('g', { 'admin.yaml': ADMIN });
    expect((await runIn(dir, ['init'])).code).toBe(0);
    expect((await runIn(dir, ['generate', 'score.yaml', 'admin.yaml'])).code).toBe(0);
    const before = (await readdir(dir, { recursive: true })).sort();
    const graph = await projectGraph({ projectDir: dir, logger: silentLogger });
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(before); // nothing written
    const pg = (uid: string) => graph.nodes.find((n) => n.kind === 'resource' && n.uid === uid);
    expect(pg('postgres.default#shared-db')).toMatchObject({
      shared: true,
      provisioner: 'template://default-provisioners/postgres',
    });
    const all = edges(graph);
    expect(all).toEqual(
      expect.arrayContaining([
        'admin -contains-> admin.main',
        'admin.side -before(started)-> admin.main',
        'admin -uses(db)-> postgres.default#shared-db',
        'admin -uses(web)-> service.default#admin.web',
        'service.default#admin.web -refers-to-> hello-world',
        'hello-world -uses(route)-> route.default#hello-world.route',
        'route.default#hello-world.route -reads-outputs-of-> dns.default#hello-world.dns',
      ]),
    );
    // One postgres server serves both databases: both resources add it.
    const server = all.filter((e) =>
      /^postgres\.default#(shared-db|hello-world\.db) -adds-service-> pg-[^-]+$/.test(e),
    );
    expect(server).toHaveLength(2);
    expect(all.some((e) => /^route\.default#hello-world\.route -adds-service-> routing-/.test(e))).toBe(true);

    const mermaid = toMermaid(graph);
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    for (const n of graph.nodes) expect(mermaid).toContain(n.id);
    const dot = toDot(graph);
    expect(dot).toMatch(/^digraph "g" \{/);
    expect(dot).toContain('subgraph cluster_workload_admin');
  });

  it('the CLI prints it, and names the problem when there is no project', async () => {
    const dir = await tempProject('g2');
    const none = await runIn(dir, ['graph']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/^Error: /m);
    expect((await runIn(dir, ['init'])).code).toBe(0);
    const json = await runIn(dir, ['graph', 'score.yaml', '-f', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const graph = JSON.parse(json.stdout) as ProjectGraph;
    expect(graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.id)).toEqual(['workload_hello_2d_world']);
  });
});
