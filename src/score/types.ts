// Score v1b1 workload model, after the upgrade of deprecated array forms (files and
// volumes are always maps keyed by target here). Field names follow the specification.

/** A Score workload as validated: `apiVersion: score.dev/v1b1`. */
export interface Workload {
  apiVersion: string;
  metadata: WorkloadMetadata;
  containers: Record<string, Container>;
  service?: WorkloadService;
  resources?: Record<string, ResourceSpec>;
}

/** `metadata.name` is required; any other key is kept and usable as `${metadata.<key>}`. */
export interface WorkloadMetadata {
  name: string;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface Container {
  image: string;
  command?: string[];
  args?: string[];
  variables?: Record<string, string>;
  files?: Record<string, ContainerFile>;
  volumes?: Record<string, ContainerVolume>;
  resources?: ContainerResources;
  livenessProbe?: ContainerProbe;
  readinessProbe?: ContainerProbe;
  /** Other containers of this workload that must wait for this one. */
  before?: Record<string, { ready: 'complete' | 'started' | 'healthy' | string }>;
}

export interface ContainerFile {
  mode?: string;
  source?: string;
  content?: string;
  binaryContent?: string;
  noExpand?: boolean;
}

export interface ContainerVolume {
  source: string;
  path?: string;
  readOnly?: boolean;
}

export interface ContainerResources {
  limits?: { memory?: string; cpu?: string };
  requests?: { memory?: string; cpu?: string };
}

export interface ContainerProbe {
  httpGet?: {
    scheme?: string;
    host?: string;
    path: string;
    port: number;
    httpHeaders?: { name: string; value: string }[];
  };
  exec?: { command: string[] };
}

export interface WorkloadService {
  ports?: Record<string, ServicePort>;
}

export interface ServicePort {
  port: number;
  targetPort?: number;
  protocol?: string;
}

/** A resource the workload depends on; its uid is `type.class#id`. */
export interface ResourceSpec {
  type: string;
  class?: string;
  id?: string;
  metadata?: Record<string, unknown> & { annotations?: Record<string, string> };
  params?: Record<string, unknown>;
}
