import type { ComposeBuild } from '../compose/types.js';
import type { Workload } from '../score/types.js';

/**
 * The whole project state, persisted as `.score-compose/state.yaml` (keys as the reference). A
 * score-k8s state (`.score-k8s/state.yaml`) has no compose_project or mounts_directory (both '' here).
 */
export interface State {
  workloads: Record<string, WorkloadState>;
  resources: Record<string, ResourceState>;
  shared_state: Record<string, unknown>;
  compose_project: string;
  mounts_directory: string;
  /** Raw template contents, applied in order on every generate. */
  patching_templates: string[];
}

export interface WorkloadState {
  spec: Workload;
  /** The Score file path as given on the command line. */
  file?: string;
  build_configs?: Record<string, ComposeBuild>;
  /** score-k8s: appended to the workload name in its `app.kubernetes.io/instance` label. */
  instance_suffix?: string;
}

/** A resource primed at least once; it stays in the state until `resources prune` removes it. */
export interface ResourceState {
  guid: string;
  type: string;
  class: string;
  id: string;
  metadata: Record<string, unknown>;
  /** Raw, unsubstituted params. */
  params: Record<string, unknown>;
  source_workload: string;
  provisioner?: string;
  state: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
