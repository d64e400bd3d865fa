import { userError } from '../common/errors.js';
import { layeredOrder } from '../common/graph.js';
import { findReferences, splitReference } from '../placeholders/lex.js';
import type { State } from '../state/types.js';
import { listWorkloadResources } from '../state/transitions.js';
import { formatUid, resourceUidOf } from '../state/resource-uid.js';

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collectStrings(v, out));
}

/** Resource names referenced as `${resources.<name>...}` anywhere in `params`. */
export function referencedResourceNames(params: unknown): string[] {
  const strings: string[] = [];
  collectStrings(params, strings);
  const names = new Set<string>();
  for (const s of strings) {
    for (const ref of findReferences(s)) {
      const parts = splitReference(ref);
      if (parts[0] === 'resources' && parts[1] !== undefined) names.add(parts[1]);
    }
  }
  return [...names];
}

/**
 * The order to provision the current workloads' resources in: a resource whose params
 * read another's outputs comes after it. Each round takes every ready uid, sorted, so the
 * order is deterministic (Kahn's algorithm, as the reference).
 */
export function provisioningOrder(state: State): string[] {
  const deps = new Map<string, Set<string>>();
  for (const ref of listWorkloadResources(state)) {
    const resources = state.workloads[ref.workload]!.spec.resources!;
    const set = deps.get(ref.uid) ?? new Set<string>();
    deps.set(ref.uid, set);
    for (const name of referencedResourceNames(resources[ref.name]!.params)) {
      const target = resources[name];
      if (!target) {
        throw userError(
          'provision',
          `workload '${ref.workload}' resource '${ref.name}': refers to unknown resource names '${name}'`,
        );
      }
      const targetUid = formatUid(resourceUidOf(ref.workload, name, target));
      if (targetUid !== ref.uid) set.add(targetUid);
      else
        throw userError(
          'provision',
          'failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
        );
    }
  }
  const { order, blocked } = layeredOrder(deps);
  if (blocked.length > 0) {
    throw userError(
      'provision',
      'failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
      {
        hint: `check the params of: ${blocked.join(', ')}`,
      },
    );
  }
  return order;
}
