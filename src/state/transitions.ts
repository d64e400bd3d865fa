import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { userError } from '../common/errors.js';
import type { ComposeBuild } from '../compose/types.js';
import type { Workload } from '../score/types.js';
import { formatUid, resourceUidOf } from './resource-uid.js';
import type { ResourceState, State } from './types.js';

/** A workload to store, with the file it came from and its build configs. */
export interface WorkloadEntry {
  workload: Workload;
  file: string | undefined;
  buildConfigs?: Record<string, ComposeBuild>;
}

/** Stores (or replaces) workloads with their files and build configs, in one copy of the map. */
export function withWorkloads(state: State, entries: readonly WorkloadEntry[]): State {
  const workloads = { ...state.workloads };
  for (const { workload, file, buildConfigs } of entries) {
    workloads[workload.metadata.name] = {
      spec: workload,
      ...(file === undefined ? {} : { file }),
      ...(buildConfigs && Object.keys(buildConfigs).length > 0 ? { build_configs: buildConfigs } : {}),
    };
  }
  return { ...state, workloads };
}

/** The state without the named workloads (their resources stay until `resources prune`). */
export function withoutWorkloads(state: State, names: readonly string[]): State {
  if (names.length === 0) return state;
  const workloads = { ...state.workloads };
  for (const name of names) delete workloads[name];
  return { ...state, workloads };
}

/** A workload resource with its uid, in priming order. */
export interface WorkloadResourceRef {
  workload: string;
  name: string;
  uid: string;
}

/** Every (workload, resource) pair of the current workloads, sorted by workload then resource name. */
export function listWorkloadResources(state: State): WorkloadResourceRef[] {
  const refs: WorkloadResourceRef[] = [];
  for (const workload of Object.keys(state.workloads).sort()) {
    const resources = state.workloads[workload]!.spec.resources ?? {};
    for (const name of Object.keys(resources).sort()) {
      refs.push({ workload, name, uid: formatUid(resourceUidOf(workload, name, resources[name]!)) });
    }
  }
  return refs;
}

/**
 * Brings the resources of every stored workload into the state (entries are never removed):
 * new uids get a fresh guid; known ones keep guid, state and outputs; a uid declared by
 * several workloads must agree on params and metadata. `newGuid` is injectable for tests.
 */
export function primeResources(state: State, newGuid: () => string = randomUUID): State {
  const resources: Record<string, ResourceState> = { ...state.resources };
  const seen = new Set<string>();
  for (const ref of listWorkloadResources(state)) {
    const spec = state.workloads[ref.workload]!.spec.resources![ref.name]!;
    const uid = resourceUidOf(ref.workload, ref.name, spec);
    const existing = resources[ref.uid];
    if (!seen.has(ref.uid)) {
      seen.add(ref.uid);
      resources[ref.uid] = {
        guid: existing?.guid ?? newGuid(),
        type: uid.type,
        class: uid.class,
        id: uid.id,
        metadata: spec.metadata ?? {},
        params: spec.params ?? {},
        source_workload: ref.workload,
        ...(existing?.provisioner ? { provisioner: existing.provisioner } : {}),
        state: existing?.state ?? {},
        ...(existing?.outputs ? { outputs: existing.outputs } : {}),
      };
      continue;
    }
    const current = existing!;
    let next = current;
    if (spec.params !== undefined) {
      if (Object.keys(current.params).length > 0 && !isDeepStrictEqual(current.params, spec.params)) {
        throw userError(
          'provision',
          `failed to prime resources: resource '${ref.uid}': multiple definitions with different params`,
          {
            hint: `workload '${ref.workload}' declares '${ref.name}' with params that differ from another declaration of the same id`,
            subject: { workload: ref.workload, path: ['resources', ref.name, 'params'] },
          },
        );
      }
      next = { ...next, params: spec.params, source_workload: ref.workload };
    }
    if (spec.metadata !== undefined) {
      if (Object.keys(current.metadata).length > 0 && !isDeepStrictEqual(current.metadata, spec.metadata)) {
        throw userError(
          'provision',
          `failed to prime resources: resource '${ref.uid}': multiple definitions with different metadata`,
          { subject: { workload: ref.workload, path: ['resources', ref.name, 'metadata'] } },
        );
      }
      next = { ...next, metadata: spec.metadata };
    }
    resources[ref.uid] = next;
  }
  return { ...state, resources };
}

/** The uids of resources in the state that no stored workload uses any more, sorted. */
export function unusedResources(state: State): string[] {
  const used = new Set(listWorkloadResources(state).map((r) => r.uid));
  return Object.keys(state.resources)
    .filter((uid) => !used.has(uid))
    .sort();
}

/** The state without the named resources (what `resources prune` removes). */
export function withoutResources(state: State, uids: readonly string[]): State {
  if (uids.length === 0) return state;
  const resources = { ...state.resources };
  for (const uid of uids) delete resources[uid];
  return { ...state, resources };
}
