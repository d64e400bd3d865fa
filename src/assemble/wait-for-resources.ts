// The `wait-for-resources` service: one service that waits for every provisioner-created service,
// so workloads need a single dependency on it.
import type { ComposeDependency, ComposeHealthcheck, ComposeService } from '../compose/types.js';
import { INIT_CONTAINER_LABEL, UTILITY_IMAGE } from '../convert/readiness.js';

/** Name of the injected service. */
const WAIT_FOR_RESOURCES = 'wait-for-resources';

/**
 * What waiting for each of `resourceServiceNames` (services that provisioners created) means:
 * healthy if it has a healthcheck, completed if labelled as an init container, otherwise started.
 */
function resourceConditions(
  services: Record<string, ComposeService>,
  resourceServiceNames: readonly string[],
): Record<string, ComposeDependency> {
  const dependsOn: Record<string, ComposeDependency> = {};
  for (const name of [...resourceServiceNames].sort()) {
    dependsOn[name] = { condition: conditionFor(services[name]), required: true };
  }
  return dependsOn;
}

/**
 * Adds `wait-for-resources` depending on each of `resourceServiceNames` (resourceConditions).
 * Returns `services` unchanged when there is nothing to wait for.
 */
export function addWaitForResources(
  services: Record<string, ComposeService>,
  resourceServiceNames: readonly string[],
): Record<string, ComposeService> {
  if (resourceServiceNames.length === 0) return services;
  const waiter: ComposeService = {
    image: UTILITY_IMAGE,
    command: ['echo'],
    depends_on: resourceConditions(services, resourceServiceNames),
  };
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
  return dependOn(
    services,
    { [WAIT_FOR_RESOURCES]: { condition: 'service_completed_successfully', required: true } },
    except,
  );
}

/**
 * The same wait without the one-shot (`directDependencies`, test environments): each workload
 * service depends on every resource service with the condition wait-for-resources would have
 * had, so there is one container fewer to create and start on the way to ready.
 */
export function dependOnResources(
  services: Record<string, ComposeService>,
  resourceServices: Record<string, ComposeService>,
  except: readonly string[] = [],
): Record<string, ComposeService> {
  const names = Object.keys(resourceServices);
  if (names.length === 0) return services;
  return dependOn(services, resourceConditions(resourceServices, names), except);
}

function dependOn(
  services: Record<string, ComposeService>,
  conditions: Record<string, ComposeDependency>,
  except: readonly string[],
): Record<string, ComposeService> {
  const out: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(services)) {
    out[name] = except.includes(name) ? service : { ...service, depends_on: { ...service.depends_on, ...conditions } };
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
