import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { userError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
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

/**
 * The state without the named resources (what `resources prune` removes), and without the shared
 * state entries keyed by their uids. The shared state is one map that provisioners merge patches
 * into, with no record of who wrote what; a key equal to a resource's uid (`type.class#id`, as the
 * route provisioner keys its routes under `hosts.<host>`) is the one entry known to belong to that
 * resource alone. Left in, a pruned route stays in the router's nginx.conf, which the remaining
 * routes rewrite from that map. A map left empty by the removal goes too (the route provisioner
 * drops a host without routes the same way). Everything else stays: instance entries (a server's
 * name and password) are shared by every resource of a type and are what a data volume that
 * outlived its resources still expects.
 */
export function withoutResources(state: State, uids: readonly string[]): State {
  if (uids.length === 0) return state;
  const resources = { ...state.resources };
  for (const uid of uids) delete resources[uid];
  return { ...state, resources, shared_state: withoutKeys(state.shared_state, new Set(uids)) };
}

/** `map` without the entries keyed by `keys` at any depth, and without the maps that left empty; `map` when none. */
function withoutKeys(map: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(map)) {
    let next: unknown = value;
    if (keys.has(key)) next = undefined;
    else if (isRecord(value)) {
      const inner = withoutKeys(value, keys);
      if (inner !== value) next = Object.keys(inner).length === 0 ? undefined : inner;
    }
    if (next === value) continue;
    out ??= { ...map };
    if (next === undefined) delete out[key];
    else out[key] = next;
  }
  return out ?? map;
}
