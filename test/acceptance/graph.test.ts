// `graph` on a real-world project of the corpus: TraderX (examples/samples/traderx), the eight
// workloads that generate with the default provisioners (trade-service needs an `endpoint`
// provisioner and ingress a build). Each `service` resource names the workload it reaches by
// its resource name, as the community static-service provisioner expects.
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectGraph } from '../../src/graph/model.js';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';

const WORKLOADS = [
  'account-service',
  'database',
  'people-service',
  'position-service',
  'reference-data',
  'trade-feed',
  'trade-processor',
  'web-frontend',
];

describe('graph of TraderX', () => {
  it('has every workload, and an edge from each service resource to the workload it names', async () => {
    const dir = await tempProject('traderx');
    for (const w of WORKLOADS) {
      await mkdir(join(dir, w));
      await cp(corpusPath(`examples/samples/traderx/${w}/score.yaml`), join(dir, w, 'score.yaml'));
    }
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const generated = await runIn(dir, ['generate', ...WORKLOADS.map((w) => `${w}/score.yaml`)]);
    expect(generated.code, generated.stderr).toBe(0);
    const out = await runIn(dir, ['graph', '-f', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const graph = JSON.parse(out.stdout) as ProjectGraph;
    const name = (id: string) => {
      const n = graph.nodes.find((x) => x.id === id)!;
      return n.kind === 'resource' ? n.uid : n.name;
    };
    expect(graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.name)).toEqual(WORKLOADS);
    const refers = graph.edges
      .filter((e) => e.kind === 'refers-to')
      .map((e) => `${name(e.from)} -> ${name(e.to)}`)
      .sort();
    expect(refers).toEqual([
      'service.default#account-service.database -> database',
      'service.default#account-service.people-service -> people-service',
      'service.default#position-service.database -> database',
      'service.default#trade-processor.database -> database',
      'service.default#trade-processor.trade-feed -> trade-feed',
      'service.default#web-frontend.database -> database',
      'service.default#web-frontend.trade-feed -> trade-feed',
    ]);
    const uses = graph.edges.filter((e) => e.kind === 'uses');
    expect(uses).toHaveLength(7);
  });
});
