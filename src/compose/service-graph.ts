// The start order of services: depends_on plus the implicit dependency of a
// `network_mode: service:x` container on x.

import { graphOf, layeredOrder } from '../common/graph.js';
import type { ComposeProject, ComposeService } from './types.js';

/** Services that must be started before this one. */
export function serviceDependencies(service: ComposeService): string[] {
  const deps = new Set(Object.keys(service.depends_on ?? {}));
  const mode = service.network_mode;
  if (typeof mode === 'string' && mode.startsWith('service:')) deps.add(mode.slice('service:'.length));
  return [...deps].sort();
}

/** Service names, dependencies first (stable: ties by name). Assumes no cycle (checked earlier). */
export function dependencyOrder(deps: Record<string, string[]>): string[] {
  const { order, blocked } = layeredOrder(graphOf(deps));
  return [...order, ...blocked];
}

/** Services some other service waits on with service_completed_successfully (one-shots). */
export function oneShotServices(project: ComposeProject): Set<string> {
  const adopted = new Set<string>();
  for (const svc of Object.values(project.services)) {
    for (const [dep, cfg] of Object.entries(svc.depends_on ?? {}))
      if (cfg.condition === 'service_completed_successfully') adopted.add(dep);
  }
  return adopted;
}

/**
 * For each service, the length of the longest chain of services waiting behind it (0 for one
 * nothing depends on). When several services could start at once, the one with the longest chain
 * goes first: it gates the most. `order` is dependencies first, so walking it backwards sees
 * every dependent before its dependencies.
 */
export function dependentDepths(project: ComposeProject, order: readonly string[]): Map<string, number> {
  const depth = new Map<string, number>(order.map((name) => [name, 0]));
  for (const name of [...order].reverse()) {
    const own = depth.get(name) ?? 0;
    for (const dep of serviceDependencies(project.services[name] ?? {}))
      if (depth.has(dep)) depth.set(dep, Math.max(depth.get(dep) ?? 0, own + 1));
  }
  return depth;
}
