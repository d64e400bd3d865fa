// The `wait-for-resources` service: one service that waits for every provisioner-created service,
// so workloads need a single dependency on it.
import type { ComposeDependency, ComposeHealthcheck, ComposeService } from '../compose/types.js';
import { INIT_CONTAINER_LABEL, UTILITY_IMAGE } from '../convert/readiness.js';

/** Name of the injected service. */
const WAIT_FOR_RESOURCES = 'wait-for-resources';

/**
 * Adds `wait-for-resources` depending on each of `resourceServiceNames` (services that
 * provisioners created): healthy if it has a healthcheck, completed if labelled as an init
 * container, otherwise started. Returns `services` unchanged when there is nothing to wait for.
 */
export function addWaitForResources(
  services: Record<string, ComposeService>,
  resourceServiceNames: readonly string[],
): Record<string, ComposeService> {
  if (resourceServiceNames.length === 0) return services;
  const dependsOn: Record<string, ComposeDependency> = {};
  for (const name of [...resourceServiceNames].sort()) {
    dependsOn[name] = { condition: conditionFor(services[name]), required: true };
  }
  const waiter: ComposeService = { image: UTILITY_IMAGE, command: ['echo'], depends_on: dependsOn };
  return { ...services, [WAIT_FOR_RESOURCES]: waiter };
}

/**
 * Makes every given (workload) service wait until `wait-for-resources` completed, except those in
 * `except` (readiness services: they follow the container they probe, which waits already).
 */
export function dependOnWaitForResources(
  services: Record<string, ComposeService>,
  except: readonly string[] = [],
): Record<string, ComposeService> {
  const out: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(services)) {
    if (except.includes(name)) {
      out[name] = service;
      continue;
    }
    out[name] = {
      ...service,
      depends_on: {
        ...service.depends_on,
        [WAIT_FOR_RESOURCES]: { condition: 'service_completed_successfully', required: true },
      },
    };
  }
  return out;
}

function conditionFor(service: ComposeService | undefined): ComposeDependency['condition'] {
  if (service === undefined) return 'service_started';
  if (service.healthcheck !== undefined && service.healthcheck !== null && !isDisabled(service.healthcheck)) {
    return 'service_healthy';
  }
  if (service.labels?.[INIT_CONTAINER_LABEL] === 'true') return 'service_completed_successfully';
  return 'service_started';
}

/**
 * Improvement over the reference: a disabled healthcheck (`disable: true` or test `NONE`) can
 * never turn healthy, so waiting for `service_healthy` would fail `up`; wait for it to start instead.
 */
function isDisabled(healthcheck: ComposeHealthcheck): boolean {
  if (healthcheck.disable === true) return true;
  const test = healthcheck.test;
  return Array.isArray(test) ? test[0] === 'NONE' : test === 'NONE';
}
