// Ordering and cycle finding over dependency graphs: resources by their params placeholders,
// containers by `before`, compose services by `depends_on`. Every walk visits nodes and edges
// in sorted order, so results never depend on map insertion order.

/** A dependency graph: each node and the nodes it depends on (edges to unknown nodes are ignored). */
export type Graph = ReadonlyMap<string, Iterable<string>>;

/** A graph from a plain record of node → dependencies. */
export function graphOf(deps: Readonly<Record<string, Iterable<string>>>): Graph {
  return new Map(Object.entries(deps));
}

function sortedEdges(graph: Graph, node: string): string[] {
  return [...(graph.get(node) ?? [])].filter((d) => graph.has(d)).sort();
}

/**
 * Dependencies first, in rounds: each round takes every node whose dependencies are all placed,
 * sorted by name (Kahn's algorithm, as the reference orders resources). Nodes on or behind a
 * cycle are left out and returned in `blocked`.
 */
export function layeredOrder(graph: Graph): { order: string[]; blocked: string[] } {
  const remaining = new Map([...graph.keys()].map((n) => [n, new Set(sortedEdges(graph, n))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.keys()].filter((n) => [...remaining.get(n)!].every((d) => !remaining.has(d))).sort();
    if (ready.length === 0) break;
    for (const n of ready) {
      order.push(n);
      remaining.delete(n);
    }
  }
  return { order, blocked: [...remaining.keys()].sort() };
}

/**
 * A cycle, as the path `[n0, n1, ..., nk]` where each depends on the next and nk depends on n0;
 * undefined when there is none. Depth-first from each node in sorted order, iteratively (a
 * long chain cannot overflow the stack), so the cycle reported is always the same one.
 */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of [...graph.keys()].sort()) {
    if (state.has(start)) continue;
    const stack: { node: string; edges: string[]; next: number }[] = [
      { node: start, edges: sortedEdges(graph, start), next: 0 },
    ];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dep = top.edges[top.next];
      if (dep === undefined) {
        state.set(top.node, 'done');
        stack.pop();
        continue;
      }
      top.next += 1;
      const seen = state.get(dep);
      if (seen === 'visiting') return stack.slice(stack.findIndex((f) => f.node === dep)).map((f) => f.node);
      if (seen === undefined) {
        state.set(dep, 'visiting');
        stack.push({ node: dep, edges: sortedEdges(graph, dep), next: 0 });
      }
    }
  }
  return undefined;
}
