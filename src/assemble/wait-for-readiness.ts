// Waiting for the readiness services of workloads (convert/readiness.ts) across the project:
// a workload referring to another through a `service` resource starts after the other's
// readiness services completed, and `workloads.ready` waits for those nothing else waits for, so
// that `up --wait` (ours and docker compose's) returns only once every probed endpoint answered.
import { userError } from '../common/errors.js';
import type { ComposeDependency, ComposeService } from '../compose/types.js';
import { UTILITY_IMAGE } from '../convert/readiness.js';
import { formatUid, resourceUidOf } from '../state/resource-uid.js';
import type { State } from '../state/types.js';

/**
 * Waits for the readiness services nothing else waits for, then idles. It must stay up: `up
 * --wait` expects every service that nobody waits on with service_completed_successfully to be
 * running, and waits for the one-shots somebody does wait on to complete.
 */
export const WAIT_FOR_READINESS = 'workloads.ready';

/** The converted services of one workload. */
export interface WorkloadServiceNames {
  /** One per container. */
  containers: string[];
  /** One per honoured httpGet probe. */
  readiness: string[];
}

/** A `service` resource of a workload that refers to another workload. */
export interface WorkloadReference {
  /** The resource name in the referring workload. */
  resource: string;
  /** The workload referred to. */
  workload: string;
}

/**
 * Per workload, the other workloads its `service` resources refer to: the resource's `name`
 * output names a workload of the project (the default provisioner's outputs; a provisioner
 * pointing somewhere else gives no reference). Sorted by resource name.
 */
export function serviceReferences(state: State): Record<string, WorkloadReference[]> {
  const out: Record<string, WorkloadReference[]> = {};
  for (const workload of Object.keys(state.workloads).sort()) {
    const resources = state.workloads[workload]?.spec.resources ?? {};
    const refs: WorkloadReference[] = [];
    for (const resource of Object.keys(resources).sort()) {
      const spec = resources[resource];
      if (spec?.type !== 'service') continue;
      const target = state.resources[formatUid(resourceUidOf(workload, resource, spec))]?.outputs?.['name'];
      if (typeof target === 'string' && target !== workload && Object.hasOwn(state.workloads, target)) {
        refs.push({ resource, workload: target });
      }
    }
    if (refs.length > 0) out[workload] = refs;
  }
  return out;
}

/**
 * Adds the readiness waits to `services` (a copy): every container service of a referring
 * workload depends on the referred workload's readiness services (service_completed_successfully),
 * unless that would close a cycle (then a warning), and `workloads.ready` waits for the readiness
 * services nothing else waits for. Returns the services unchanged when there are no readiness services.
 */
export function addReadinessWaits(
  services: Record<string, ComposeService>,
  workloads: Record<string, WorkloadServiceNames>,
  references: Record<string, WorkloadReference[]>,
): { services: Record<string, ComposeService>; warnings: string[] } {
  const warnings: string[] = [];
  const out = { ...services };
  const waitsFor = new Map<string, Set<string>>();
  for (const workload of Object.keys(references).sort()) {
    for (const ref of references[workload] ?? []) {
      const readiness = workloads[ref.workload]?.readiness ?? [];
      if (readiness.length === 0 || waitsFor.get(workload)?.has(ref.workload)) continue;
      if (reaches(waitsFor, ref.workload, workload)) {
        warnings.push(
          `resources.${ref.resource}: workload '${workload}' does not wait for the readiness probes of workload ` +
            `'${ref.workload}': '${ref.workload}' already waits for '${workload}', and waiting both ways is a dependency cycle`,
        );
        continue;
      }
      waitsFor.set(workload, new Set([...(waitsFor.get(workload) ?? []), ref.workload]));
      const deps = Object.fromEntries(readiness.map((r) => [r, completed()]));
      for (const name of workloads[workload]?.containers ?? []) {
        const service = out[name];
        if (service !== undefined) out[name] = { ...service, depends_on: { ...service.depends_on, ...deps } };
      }
    }
  }

  const waitedOn = new Set<string>();
  for (const service of Object.values(out)) {
    for (const [dep, cfg] of Object.entries(service.depends_on ?? {})) {
      if (cfg.condition === 'service_completed_successfully') waitedOn.add(dep);
    }
  }
  const unwaited = Object.values(workloads)
    .flatMap((w) => w.readiness)
    .filter((r) => !waitedOn.has(r))
    .sort();
  if (unwaited.length === 0) return { services: out, warnings };
  if (Object.hasOwn(out, WAIT_FOR_READINESS)) {
    throw userError(
      'convert',
      `cannot add '${WAIT_FOR_READINESS}': a provisioner already defines a service of that name`,
    );
  }
  out[WAIT_FOR_READINESS] = {
    command: ['sleep', 'infinity'],
    depends_on: Object.fromEntries(unwaited.map((r) => [r, completed()])),
    image: UTILITY_IMAGE,
    // Nothing to shut down cleanly: do not wait out the stop timeout (sleep as pid 1 ignores SIGTERM).
    stop_signal: 'SIGKILL',
  };
  return { services: out, warnings };
}

function completed(): ComposeDependency {
  return { condition: 'service_completed_successfully', required: true };
}

/** Whether `from` waits for `to`, directly or through other workloads. */
function reaches(edges: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop() as string;
    if (node === to) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...(edges.get(node) ?? []));
  }
  return false;
}
