// The subset of the Compose specification that score-compose-ts produces and runs.
// Unknown fields are kept (index signatures) so patch templates and provisioners can
// add anything compose accepts; the runtime rejects what it cannot honour.

/** A compose project as written to compose.yaml. */
export interface ComposeProject {
  name?: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, ComposeNetwork>;
  volumes?: Record<string, ComposeVolume>;
  secrets?: Record<string, unknown>;
  configs?: Record<string, unknown>;
  models?: Record<string, unknown>;
  [key: `x-${string}`]: unknown;
}

export interface ComposeService {
  annotations?: Record<string, string>;
  build?: ComposeBuild;
  cap_add?: string[];
  cap_drop?: string[];
  command?: string[];
  container_name?: string;
  depends_on?: Record<string, ComposeDependency>;
  deploy?: { resources?: { limits?: ComposeResourceSpec; reservations?: ComposeResourceSpec }; [k: string]: unknown };
  entrypoint?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: ComposeHealthcheck;
  hostname?: string;
  image?: string;
  labels?: Record<string, string>;
  models?: Record<string, unknown>;
  network_mode?: string;
  networks?: Record<string, { aliases?: string[] } | null>;
  ports?: ComposePort[];
  privileged?: boolean;
  read_only?: boolean;
  restart?: string;
  user?: string;
  volumes?: ComposeServiceVolume[];
  working_dir?: string;
  [key: string]: unknown;
}

export interface ComposeResourceSpec {
  cpus?: string;
  memory?: string;
}

export interface ComposeBuild {
  context: string;
  dockerfile?: string;
  args?: Record<string, string | null>;
  tags?: string[];
  [key: string]: unknown;
}

export interface ComposeDependency {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  restart?: boolean;
  required: boolean;
}

export interface ComposeHealthcheck {
  test?: string[] | string;
  timeout?: string;
  interval?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface ComposePort {
  name?: string;
  mode?: string;
  host_ip?: string;
  target: number;
  published?: string;
  protocol?: string;
  app_protocol?: string;
}

export interface ComposeServiceVolume {
  type: 'volume' | 'bind' | 'tmpfs' | string;
  source?: string;
  target: string;
  read_only?: boolean;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string; recursive?: string };
  volume?: { nocopy?: boolean; subpath?: string; labels?: Record<string, string> };
  tmpfs?: { size?: number | string; mode?: number };
  [key: string]: unknown;
}

export interface ComposeNetwork {
  name?: string;
  driver?: string;
  external?: boolean;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface ComposeVolume {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
  [key: string]: unknown;
}
