// Checks of `containers.<c>.before`, after the schema: no self-reference, only known containers,
// and no cycles (a cycle could never start).
import { isRecord } from '../common/is-record.js';
import type { Problem } from './problem.js';
import { findCycle } from '../common/graph.js';

function beforeTargets(container: unknown): string[] {
  return isRecord(container) && isRecord(container['before']) ? Object.keys(container['before']) : [];
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
      else if (!Object.hasOwn(containers, target))
        out.push({ path, message: `container "${name}" before refers to unknown container "${target}"` });
      else edges.push(target);
    }
    graph.set(name, edges.sort());
  }
  // Reported at the container whose `before` closes the cycle.
  const inCycle = findCycle(graph)?.at(-1);
  if (inCycle !== undefined) {
    out.push({ path: ['containers', inCycle, 'before'], message: 'containers before relationships contain a cycle' });
  }
  return out;
}
