// Workloads for the semantic checks (the unit tier and the reference loader's cases in the acceptance tier).
import { checkWorkloadSemantics } from '../../../src/score/semantics.js';

export type Obj = Record<string, unknown>;

/** The messages of the semantic problems of `w`, in order. */
export function messages(w: Obj): string[] {
  return checkWorkloadSemantics(w).map((p) => p.message);
}

/** A v1b1 workload named `example` with these containers and resources. */
export function base(containers: Obj, resources?: Obj): Obj {
  return {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'example' },
    containers,
    ...(resources ? { resources } : {}),
  };
}

/** The reference writes `before` as a list of names; the schema's form is a map to {ready}. */
function beforeMap(list: unknown): Obj {
  return Object.fromEntries((list as string[]).map((n) => [n, { ready: 'started' }]));
}

/** busybox containers with the `before` lists of `spec` (container name → {before: [names]}). */
export function containersWithBefore(spec: Obj): Obj {
  return Object.fromEntries(
    Object.entries(spec).map(([name, c]) => [
      name,
      { image: 'busybox', before: beforeMap((c as Obj)['before'] ?? []) },
    ]),
  );
}
