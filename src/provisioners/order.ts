import { userError, type ErrorSubject } from '../common/errors.js';
import { findCycle, layeredOrder } from '../common/graph.js';
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
 * Where in `params` the first placeholder naming resource `name` is: the path of its string in
 * params, and the placeholder as written. Undefined when none does.
 */
function referenceTo(
  params: unknown,
  name: string,
  path: (string | number)[] = [],
): { path: (string | number)[]; text: string } | undefined {
  if (typeof params === 'string') {
    for (const ref of findReferences(params)) {
      const parts = splitReference(ref);
      if (parts[0] === 'resources' && parts[1] === name) return { path, text: `\${${ref}}` };
    }
    return undefined;
  }
  const entries: [string | number, unknown][] = Array.isArray(params)
    ? params.map((v, i) => [i, v])
    : typeof params === 'object' && params !== null
      ? Object.entries(params)
      : [];
  for (const [key, value] of entries) {
    const found = referenceTo(value, name, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The placeholder in resource `from`'s params that names resource `to`, as an error subject. */
function placeholderSubject(workload: string, from: string, params: unknown, to: string): ErrorSubject {
  const found = referenceTo(params, to);
  return {
    workload,
    path: ['resources', from, 'params', ...(found?.path ?? [])],
    ...(found ? { text: found.text } : {}),
  };
}

const CYCLE = 'failed to determine sort order for provisioning: a cycle exists involving resource param placeholders';

/**
 * The order to provision the current workloads' resources in: a resource whose params
 * read another's outputs comes after it. Each round takes every ready uid, sorted, so the
 * order is deterministic (Kahn's algorithm, as the reference).
 */
export function provisioningOrder(state: State): string[] {
  const deps = new Map<string, Set<string>>();
  // For each dependency edge, the placeholder that makes it (the first one found).
  const edges = new Map<string, ErrorSubject>();
  for (const ref of listWorkloadResources(state)) {
    const resources = state.workloads[ref.workload]!.spec.resources!;
    const set = deps.get(ref.uid) ?? new Set<string>();
    deps.set(ref.uid, set);
    const params = resources[ref.name]!.params;
    for (const name of referencedResourceNames(params)) {
      const target = resources[name];
      const subject = placeholderSubject(ref.workload, ref.name, params, name);
      if (!target) {
        throw userError(
          'provision',
          `workload '${ref.workload}' resource '${ref.name}': refers to unknown resource names '${name}'`,
          { subject },
        );
      }
      const targetUid = formatUid(resourceUidOf(ref.workload, name, target));
      if (targetUid === ref.uid) {
        throw userError('provision', CYCLE, { hint: `resource '${ref.name}' reads its own outputs`, subject });
      }
      set.add(targetUid);
      const edge = `${ref.uid}\u0000${targetUid}`;
      if (!edges.has(edge)) edges.set(edge, subject);
    }
  }
  const { order, blocked } = layeredOrder(deps);
  if (blocked.length > 0) {
    const cycle = findCycle(deps) ?? blocked;
    const first = cycle[0]!;
    const subject = edges.get(`${first}\u0000${cycle[1 % cycle.length]!}`);
    throw userError('provision', CYCLE, {
      hint: `the params placeholders form a cycle: ${[...cycle, first].join(' -> ')}`,
      ...(subject === undefined ? {} : { subject }),
    });
  }
  return order;
}
