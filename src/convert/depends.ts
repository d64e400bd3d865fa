// Container `before` ordering → compose `depends_on`, and the choice of the primary container.
import type { Container } from '../score/types.js';
import type { ComposeDependency } from '../compose/types.js';
import { fieldError } from './convert-error.js';
import { hasAnyProbe } from './probes.js';

/**
 * The container that owns the workload's network namespace and hostname: the first in sorted
 * order that must not come before another one (validation guarantees one exists).
 */
export function choosePrimaryContainer(containers: Record<string, Container>): string {
  const names = Object.keys(containers).sort();
  const primary = names.find((n) => Object.keys(containers[n]?.before ?? {}).length === 0);
  return primary ?? (names[0] as string);
}

/** A container whose every `before` entry waits for it to complete: it runs and exits, so it keeps its own network. */
export function isInitContainer(container: Container): boolean {
  const entries = Object.values(container.before ?? {});
  return entries.length > 0 && entries.every((e) => e.ready === 'complete');
}

/**
 * Whether `name` must start before `primary` (directly or through other containers' `before`).
 * Such a container cannot join the primary's network namespace: compose would need the primary
 * running first, a dependency cycle the reference writes and `docker compose` then rejects.
 */
export function startsBeforePrimary(containers: Record<string, Container>, name: string, primary: string): boolean {
  const seen = new Set<string>();
  const visit = (current: string): boolean => {
    if (seen.has(current)) return false;
    seen.add(current);
    return Object.keys(containers[current]?.before ?? {}).some((next) => next === primary || visit(next));
  };
  return visit(name);
}

const CONDITIONS: Record<string, ComposeDependency['condition']> = {
  complete: 'service_completed_successfully',
  started: 'service_started',
  healthy: 'service_healthy',
};

/**
 * Inverts `before`: A `before: {B: {ready: R}}` makes service `<w>-B` depend on `<w>-A`.
 * `withHealthcheck` lists the containers that got a compose healthcheck; `readiness` maps the
 * containers with an httpGet probe to their readiness service, which `ready: healthy` waits for
 * to complete (instead of a healthcheck).
 */
export function convertBefore(
  workloadName: string,
  containers: Record<string, Container>,
  withHealthcheck: ReadonlySet<string>,
  readiness: ReadonlyMap<string, string>,
): Record<string, Record<string, ComposeDependency>> {
  const dependsOn: Record<string, Record<string, ComposeDependency>> = {};
  for (const name of Object.keys(containers).sort()) {
    const before = containers[name]?.before ?? {};
    for (const targetName of Object.keys(before).sort()) {
      const ready = before[targetName]?.ready;
      let condition = ready === undefined ? undefined : CONDITIONS[ready];
      if (condition === undefined) {
        throw fieldError(
          `containers.${name}.before.${targetName}`,
          `unknown ready condition ${JSON.stringify(ready ?? '')}`,
        );
      }
      if (!Object.hasOwn(containers, targetName)) {
        throw fieldError(`containers.${name}.before`, `refers to unknown container ${JSON.stringify(targetName)}`);
      }
      let dependency = `${workloadName}-${name}`;
      const readinessService = readiness.get(name);
      if (ready === 'healthy' && readinessService !== undefined) {
        dependency = readinessService;
        condition = 'service_completed_successfully';
      } else if (ready === 'healthy') checkHealthy(name, containers[name] as Container, withHealthcheck.has(name));
      const target = `${workloadName}-${targetName}`;
      dependsOn[target] = { ...dependsOn[target], [dependency]: { condition, required: true } };
    }
  }
  return dependsOn;
}

/** `service_healthy` needs a healthcheck (or, handled by the caller, a readiness service). */
function checkHealthy(name: string, container: Container, hasHealthcheck: boolean): void {
  if (!hasAnyProbe(container)) {
    throw fieldError(
      `containers.${name}.before`,
      `ready 'healthy' requires a readiness or liveness probe to be defined`,
    );
  }
  if (!hasHealthcheck) {
    // Defensive: every probe gives a healthcheck or a readiness service, except an httpGet probe of
    // an init container, whose `before` entries are all `complete`.
    throw fieldError(
      `containers.${name}.before`,
      `ready 'healthy' requires a readiness or liveness probe that is checked; this container's probe is not`,
      `add an exec probe (for example livenessProbe: {exec: {command: [...]}}) or use ready: started`,
    );
  }
}
