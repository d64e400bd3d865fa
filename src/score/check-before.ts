// Checks of `containers.<c>.before` (reference §8.1 step 5): no self-reference, only known
// containers, and no cycles (a cycle could never start).
import { isRecord } from './problem.js';
import type { Problem } from './problem.js';

function beforeTargets(container: unknown): string[] {
  return isRecord(container) && isRecord(container['before']) ? Object.keys(container['before']) : [];
}

/** Finds the container whose `before` closes a cycle, visiting containers in sorted order. */
function findCycle(graph: ReadonlyMap<string, string[]>): string | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of [...graph.keys()].sort()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: [node, index of the next edge to follow].
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number];
      const [node, i] = top;
      const next = (graph.get(node) ?? [])[i];
      if (next === undefined) {
        state.set(node, 'done');
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      const seen = state.get(next);
      if (seen === 'visiting') return node;
      if (seen === undefined) {
        state.set(next, 'visiting');
        stack.push([next, 0]);
      }
    }
  }
  return undefined;
}

/** Problems in the `before` relationships between the workload's containers. */
export function checkBefore(workload: Record<string, unknown>): Problem[] {
  const containers = isRecord(workload['containers']) ? workload['containers'] : {};
  const out: Problem[] = [];
  const graph = new Map<string, string[]>();
  for (const [name, container] of Object.entries(containers)) {
    const edges: string[] = [];
    for (const target of beforeTargets(container)) {
      const path = ['containers', name, 'before', target];
      if (target === name) out.push({ path, message: `container "${name}" has a self-referencing before entry` });
      else if (!Object.hasOwn(containers, target)) out.push({ path, message: `container "${name}" before refers to unknown container "${target}"` });
      else edges.push(target);
    }
    graph.set(name, edges.sort());
  }
  const inCycle = findCycle(graph);
  if (inCycle !== undefined) {
    out.push({ path: ['containers', inCycle, 'before'], message: 'containers before relationships contain a cycle' });
  }
  return out;
}
