// What a placeholder resolver needs to know about the resources a workload can reference.
import type { EnvironmentLookup } from '../provisioners/types.js';

/** One resource as seen from a workload: `${resources.<name>...}` reads it. */
export interface ResourceBinding {
  /** The resource uid (`type.class#id`); `${resources.<name>}` alone resolves to it. */
  uid: string;
  /** The provisioned outputs, walked by `${resources.<name>.<key>...}`. */
  outputs: Record<string, unknown>;
  /** Set for environment-backed resources: keys are looked up lazily instead of in `outputs`. */
  env?: EnvironmentLookup;
}

/** Finds a resource by the name the workload gave it; undefined when the workload has no such resource. */
export type ResourceBindings = (name: string) => ResourceBinding | undefined;

/** Resolves the text between `${` and `}` to a value; throws a ScoreComposeError when it cannot. */
export type Resolver = (ref: string) => unknown;
