// The resource graph of a project: which workload needs which resource, which resource's params
// read another's outputs, which provisioner serves each, what stand-in services a resource adds
// to the compose file, and the `before` and `service` references between containers and
// workloads. Pure: built from the state and what provisioning added.
import { referencedResourceNames } from '../provisioners/order.js';
import { listWorkloadResources } from '../state/transitions.js';
import type { State } from '../state/types.js';
import { byName } from '../common/order.js';

/** A node; `id` is unique in the graph and safe in mermaid, dot and HTML ids. */
export type GraphNode =
  | { kind: 'workload'; id: string; name: string; file?: string }
  | { kind: 'container'; id: string; workload: string; name: string; image: string }
  | {
      kind: 'resource';
      id: string;
      uid: string;
      type: string;
      class: string;
      resourceId: string;
      /** A shared id (`id:` in the Score file): several workloads may use it. */
      shared: boolean;
      provisioner?: string;
    }
  | { kind: 'service'; id: string; name: string; image?: string };

export type EdgeKind = 'contains' | 'uses' | 'reads-outputs-of' | 'adds-service' | 'before' | 'refers-to';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** What makes the edge: the resource name in the workload, the ready condition, ... */
  label?: string;
}

export interface ProjectGraph {
  project: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A stable id from a kind and a name: letters, digits and `_` only. */
export const nodeId = (kind: string, name: string) =>
  `${kind}_${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;

/** The graph of `state` (after provisioning; `added` from the same run). */
export function buildGraph(
  state: State,
  added: ReadonlyMap<string, { services: string[]; volumes: string[] }>,
  images: Readonly<Record<string, string | undefined>> = {},
): ProjectGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const workloadNames = Object.keys(state.workloads).sort();
  for (const name of workloadNames) {
    const stored = state.workloads[name]!;
    const wid = nodeId('workload', name);
    nodes.push({ kind: 'workload', id: wid, name, ...(stored.file === undefined ? {} : { file: stored.file }) });
    for (const [cname, container] of Object.entries(stored.spec.containers).sort(byName)) {
      const cid = nodeId('container', `${name}.${cname}`);
      nodes.push({ kind: 'container', id: cid, workload: name, name: cname, image: container.image });
      edges.push({ from: wid, to: cid, kind: 'contains' });
      for (const [other, cond] of Object.entries(container.before ?? {})) {
        edges.push({ from: cid, to: nodeId('container', `${name}.${other}`), kind: 'before', label: cond.ready });
      }
    }
  }
  const refs = listWorkloadResources(state);
  const seen = new Set<string>();
  for (const ref of refs) {
    const rid = nodeId('resource', ref.uid);
    edges.push({ from: nodeId('workload', ref.workload), to: rid, kind: 'uses', label: ref.name });
    if (seen.has(ref.uid)) continue;
    seen.add(ref.uid);
    const resource = state.resources[ref.uid];
    const spec = state.workloads[ref.workload]!.spec.resources![ref.name]!;
    nodes.push({
      kind: 'resource',
      id: rid,
      uid: ref.uid,
      type: resource?.type ?? spec.type,
      class: resource?.class ?? spec.class ?? 'default',
      resourceId: resource?.id ?? spec.id ?? `${ref.workload}.${ref.name}`,
      shared: spec.id !== undefined,
      ...(resource?.provisioner === undefined ? {} : { provisioner: resource.provisioner }),
    });
  }
  // Params that read other resources' outputs, and `service` resources naming a workload.
  for (const ref of refs) {
    const resources = state.workloads[ref.workload]!.spec.resources!;
    const spec = resources[ref.name]!;
    const rid = nodeId('resource', ref.uid);
    for (const other of referencedResourceNames(spec.params)) {
      const target = refs.find((r) => r.workload === ref.workload && r.name === other);
      if (target !== undefined) edges.push({ from: rid, to: nodeId('resource', target.uid), kind: 'reads-outputs-of' });
    }
    // The default `service` (and community static-service) provisioner: `params.workload`, else
    // the last part of the resource id; `service-port` takes `params.workload`.
    const named = spec.params?.['workload'];
    const workload =
      typeof named === 'string'
        ? named
        : spec.type === 'service'
          ? (spec.id ?? `${ref.workload}.${ref.name}`).split('.').pop()
          : undefined;
    if (
      (spec.type === 'service' || spec.type === 'service-port') &&
      workload !== undefined &&
      state.workloads[workload] !== undefined
    ) {
      edges.push({ from: rid, to: nodeId('workload', workload), kind: 'refers-to' });
    }
  }
  const services = new Set<string>();
  for (const uid of [...seen].sort()) {
    for (const service of added.get(uid)?.services ?? []) {
      const sid = nodeId('service', service);
      if (!services.has(service)) {
        services.add(service);
        const image = images[service];
        nodes.push({ kind: 'service', id: sid, name: service, ...(image === undefined ? {} : { image }) });
      }
      edges.push({ from: nodeId('resource', uid), to: sid, kind: 'adds-service' });
    }
  }
  return { project: state.compose_project, nodes, edges: dedupe(edges) };
}

function dedupe(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\0${e.to}\0${e.kind}\0${e.label ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
