import type { ResourceSpec } from '../score/types.js';

/** The parts of a resource uid `type.class#id`. */
export interface ResourceUid {
  type: string;
  class: string;
  id: string;
}

/** The uid of a workload's resource: class defaults to `default`, id to `<workload>.<name>`. */
export function resourceUidOf(workload: string, name: string, spec: ResourceSpec): ResourceUid {
  return { type: spec.type, class: spec.class ?? 'default', id: spec.id ?? `${workload}.${name}` };
}

/** Formats a uid as `type.class#id`. */
export function formatUid(uid: ResourceUid): string {
  return `${uid.type}.${uid.class}#${uid.id}`;
}
