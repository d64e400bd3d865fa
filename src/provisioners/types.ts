import type { Origin } from './definition.js';
import type { ComposeNetwork, ComposeService, ComposeVolume } from '../compose/types.js';
import type { Logger } from '../common/log.js';

/**
 * Whose provisioners these are: score-compose's (compose services, volumes, files under the mounts
 * directory) or score-k8s's (Kubernetes manifests, `.Namespace`, `encodeSecretRef`).
 */
export type ProvisionerTarget = 'compose' | 'k8s';

/** One port of a workload's `service.ports`, as provisioners see it. */
export interface WorkloadServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
}

/** What provisioners know about every workload in the state. */
export interface WorkloadServiceInfo {
  /** The workload name, which is also the compose hostname of its primary container. */
  serviceName: string;
  /** Keyed by port name and by port number as a string (number only when no name clashes). */
  ports: Record<string, WorkloadServicePort>;
}

/** Everything a provisioner is given for one resource (template data, cmd stdin). */
export interface ProvisionInput {
  uid: string;
  type: string;
  class: string;
  id: string;
  guid: string;
  /** Substituted params; undefined when the resource has none. */
  params: Record<string, unknown> | undefined;
  metadata: Record<string, unknown>;
  sourceWorkload: string;
  workloadServices: Record<string, WorkloadServiceInfo>;
  /** The state this provisioner stored last time (`{}` the first time). */
  state: Record<string, unknown>;
  shared: Record<string, unknown>;
  composeProjectName: string;
  /** Relative to the project directory, e.g. `.score-compose/mounts`. */
  mountsDirectory: string;
  /** score-k8s: the namespace of `generate --namespace` ('' when none). */
  namespace?: string;
  /** score-k8s: the source workload's metadata. */
  workloadMetadata?: Record<string, unknown>;
}

/** What a provisioner returns; every part is optional. */
export interface ProvisionOutput {
  /** Replaces the resource state. */
  state?: Record<string, unknown>;
  /** Replaces the resource outputs, read by `${resources.<name>.<key>}`. */
  outputs?: Record<string, unknown>;
  /** Deep-merged into the shared state; a null value deletes a key. */
  shared?: Record<string, unknown>;
  /** Path under the mounts directory → create (true) or delete (false). */
  directories?: Record<string, boolean>;
  /** Path under the mounts directory → content, or null to delete. */
  files?: Record<string, string | null>;
  services?: Record<string, ComposeService>;
  volumes?: Record<string, ComposeVolume>;
  networks?: Record<string, ComposeNetwork>;
  models?: Record<string, unknown>;
  /** score-k8s: Kubernetes objects to add to the manifests. */
  manifests?: Record<string, unknown>[];
  /** Lines shown to the user as `INFO: <uid>: <line>`. */
  infoLogs?: string[];
  /**
   * For environment provisioners only: resolves `${resources.<name>.<KEY>}` lazily.
   * `deferred` is what goes into compose (`${KEY}`); `immediate` reads the process env.
   */
  environmentLookup?: EnvironmentLookup;
}

export interface EnvironmentLookup {
  /** Called with the keys after the resource name; returns `${KEY}` and records KEY. */
  deferred(keys: string[]): string;
  /** Reads the process environment now; throws when unset. */
  immediate(keys: string[]): string;
  /** Keys referenced so far, for `--env-file`. */
  referenced(): string[];
}

/** A loaded provisioner definition, whatever its kind. */
export interface Provisioner {
  uri: string;
  type: string;
  class?: string;
  id?: string;
  description?: string;
  supportedParams?: string[];
  expectedOutputs?: string[];
  /**
   * `secret_outputs`: the outputs that are secrets (kept out of compose.yaml). Absent: outputs whose
   * key names a secret are (secrets/collect.ts).
   */
  secretOutputs?: string[];
  /** The template language of a `template://` provisioner (see template/engine-choice.ts). */
  engine?: 'go' | 'handlebars';
  /** File it was loaded from, and its index there, for error messages. */
  origin: Origin;
  /** A match rule other than type/class/id (only the built-in environment provisioner has one). */
  matches?(resource: ResourceQuery): boolean;
  provision(input: ProvisionInput, context: ProvisionContext): Promise<ProvisionOutput>;
}

/** What a provisioner is matched against: a resource uid's parts, plus its owner when known. */
export interface ResourceQuery {
  type: string;
  class: string;
  id: string;
  /** The workload owning the definition; lets the built-in environment provisioner spot `<workload>.<name>` ids. */
  source_workload?: string;
}

/** Process-level facts a provisioner may need (cmd:// runs commands). */
export interface ProvisionContext {
  /** The project directory (cwd of the run). */
  projectDir: string;
  env: Record<string, string | undefined>;
  /** Time limit for a cmd:// provisioner (default 60 s). */
  commandTimeoutMs?: number;
  /** Receives a cmd:// provisioner's stderr, line by line, at debug level (it may hold secrets). */
  logger?: Logger;
  /** Aborting stops a running cmd:// provisioner and everything it started. */
  signal?: AbortSignal;
  /** score-k8s: the namespace given to provisioners ('' or absent when none). */
  namespace?: string;
  /** Whose provisioners run (default compose): names the state directory and tool in messages. */
  target?: ProvisionerTarget;
}
