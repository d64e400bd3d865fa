// Shapes of the Engine API requests and responses the runtime uses: our own small types,
// shaped after the API's JSON so the dockerode adapter stays a thin mapping.

/** Engine API list filters, e.g. `{ label: ['com.docker.compose.project=p'] }`. */
export type Filters = Record<string, string[]>;

/** Where the engine listens, as resolved by `resolveEngineCandidates` (connect.ts). */
export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'npipe'; pipePath: string }
  | { kind: 'tcp'; host: string; port: number; tls?: EngineTls }
  | { kind: 'ssh'; host: string; port: number; username?: string };

/** TLS material for a tcp endpoint (PEM contents, not paths). */
export interface EngineTls {
  ca?: string;
  cert?: string;
  key?: string;
  /** false when the context says SkipTLSVerify. */
  verify: boolean;
}

/** What `GET /version` reports, plus the API version we chose. */
export interface EngineVersion {
  /** Engine release, e.g. `20.10.24`. */
  Version: string;
  /** The engine's newest API version, e.g. `1.41`. */
  ApiVersion: string;
  /** The oldest API version the engine accepts. */
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
}

/** A row of `GET /containers/json`. */
export interface ContainerSummary {
  Id: string;
  /** With the leading `/`, as the engine returns them. */
  Names: string[];
  Image: string;
  ImageID: string;
  /** created | running | paused | restarting | removing | exited | dead */
  State: string;
  Status: string;
  Labels: Record<string, string>;
  Created: number;
  /** `container:<id>` for a container in another's network namespace. */
  HostConfig?: { NetworkMode?: string };
  /** The command line as `docker ps` shows it. */
  Command?: string;
  Mounts?: { Type: string; Name?: string; Source?: string; Driver?: string }[];
  NetworkSettings?: { Networks?: Record<string, unknown> };
}

/** Health as reported by inspect. */
export interface ContainerHealth {
  Status: 'starting' | 'healthy' | 'unhealthy' | 'none' | string;
  FailingStreak?: number;
  Log?: { ExitCode: number; Output: string }[];
}

/** The part of `GET /containers/{id}/json` the runtime reads. */
export interface ContainerInspect {
  Id: string;
  /** With the leading `/`. */
  Name: string;
  Created: string;
  /** Image id (sha256:…) the container was created from. */
  Image: string;
  Config: {
    Image: string;
    Labels: Record<string, string>;
    Hostname?: string;
    Tty?: boolean;
    Healthcheck?: HealthConfig;
    /** The shell of `CMD-SHELL` healthchecks (`SHELL` in the Dockerfile); the engine's default is `/bin/sh -c`. */
    Shell?: string[] | null;
  };
  State: {
    Status: string;
    Running: boolean;
    ExitCode: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: ContainerHealth;
  };
  HostConfig: { NetworkMode?: string; [key: string]: unknown };
  NetworkSettings: {
    Networks: Record<string, { NetworkID: string; Aliases?: string[] | null }>;
    Ports?: Record<string, { HostIp: string; HostPort: string }[] | null>;
  };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; Driver?: string }[];
}

/** `Healthcheck` in the create body; durations are integers in nanoseconds. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** A `HostConfig.Mounts` entry (the Mount API). */
export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Subpath?: string; Labels?: Record<string, string> };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** `HostConfig` in the create body (only what the runtime sets). */
export interface HostConfig {
  Binds?: string[];
  Mounts?: MountSpec[];
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[]>;
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
  NetworkMode?: string;
  CapAdd?: string[];
  CapDrop?: string[];
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  Memory?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  PidsLimit?: number;
  Init?: boolean;
  ExtraHosts?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  Sysctls?: Record<string, string>;
  SecurityOpt?: string[];
  ShmSize?: number;
  Dns?: string[];
  DnsSearch?: string[];
  DnsOptions?: string[];
  Tmpfs?: Record<string, string>;
  Annotations?: Record<string, string>;
  LogConfig?: { Type: string; Config?: Record<string, string> };
  GroupAdd?: string[];
  IpcMode?: string;
  PidMode?: string;
}

/** One network endpoint at create or connect time. */
export interface EndpointSettings {
  Aliases?: string[];
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string };
  MacAddress?: string;
}

/** Body of `POST /containers/create`. */
export interface ContainerCreateBody {
  Image: string;
  Hostname?: string;
  Domainname?: string;
  User?: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  Healthcheck?: HealthConfig;
  WorkingDir?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
  StopSignal?: string;
  /** Seconds. */
  StopTimeout?: number;
  HostConfig: HostConfig;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSettings> };
}

/** A row of `GET /networks`. */
export interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Labels: Record<string, string>;
  /** Attached containers (present on inspect; may be empty in list). */
  Containers?: Record<string, { Name: string }>;
}

/** Body of `POST /networks/create`. */
export interface NetworkCreateBody {
  Name: string;
  Driver?: string;
  Labels?: Record<string, string>;
  Options?: Record<string, string>;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  CheckDuplicate?: boolean;
}

/** A volume from `GET /volumes`. */
export interface VolumeSummary {
  Name: string;
  Driver: string;
  Labels: Record<string, string>;
  Mountpoint?: string;
}

/** Body of `POST /volumes/create`. */
export interface VolumeCreateBody {
  Name: string;
  Driver?: string;
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** The part of `GET /images/{ref}/json` the runtime reads. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created?: string;
  Config?: { Healthcheck?: HealthConfig; Labels?: Record<string, string> | null };
}

/** One message of `GET /events`. */
export interface EngineEvent {
  Type: string;
  /** e.g. `start`, `die`, `health_status: healthy`. */
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

/** A demultiplexed piece of container output. */
export interface LogChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Options of `containerLogs`. */
export interface LogsOptions {
  follow?: boolean;
  /** Number of lines from the end, or all. */
  tail?: number | 'all';
  /** Unix seconds. */
  since?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

/** One JSON message of a pull or build progress stream. */
export interface ProgressMessage {
  /** Layer id (pull) or tag. */
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  /** Build output text. */
  stream?: string;
  /** Build result, e.g. `{ ID: "sha256:…" }`. */
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/** Options of `pullImage`. */
export interface PullOptions {
  platform?: string;
  /** Registry credentials, sent as `X-Registry-Auth`. */
  authconfig?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (message: ProgressMessage) => void;
}

/** Options of `buildImage` (query parameters of `POST /build`). */
export interface BuildOptions {
  /** Every tag to apply (`t`, repeated). */
  tags: string[];
  /** Dockerfile path inside the context archive. */
  dockerfile: string;
  buildargs?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  nocache?: boolean;
  /** Remove intermediate containers even when a step fails (otherwise they pile up). */
  forcerm?: boolean;
  /** Always try to pull newer base images. */
  pull?: boolean;
  networkmode?: string;
  extrahosts?: string[];
  shmsize?: number;
  platform?: string;
  signal?: AbortSignal;
  onProgress?: (message: ProgressMessage) => void;
}
