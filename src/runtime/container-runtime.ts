// The narrow set of Docker Engine operations the runtime needs. Types are our own but shaped
// after the Engine API JSON (same PascalCase field names), so the dockerode adapter is a thin
// pass-through and unit tests can drive the runtime with a fake.

import { ScoreComposeError } from '../errors.js';

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
  Mounts: { Type: string; Name?: string; Source: string; Destination: string }[];
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

/** Engine operations used by up/down/ps/logs. Implemented by docker-runtime.ts and test fakes. */
export interface ContainerRuntime {
  /** The negotiated API version (e.g. `1.41`) used for every request and feature gates. */
  readonly apiVersion: string;
  /** Human description of where the engine is, e.g. `unix:///var/run/docker.sock`. */
  readonly endpointLabel: string;
  /** The host to use for published ports (`localhost` for sockets, the remote host for tcp/ssh). */
  readonly publishHost: string;

  ping(signal?: AbortSignal): Promise<void>;
  version(signal?: AbortSignal): Promise<EngineVersion>;

  listContainers(opts: { all?: boolean; filters?: Filters }): Promise<ContainerSummary[]>;
  /** Throws EngineRequestError with statusCode 404 when absent. */
  inspectContainer(id: string): Promise<ContainerInspect>;
  createContainer(name: string, body: ContainerCreateBody, opts?: { platform?: string }): Promise<{ Id: string; Warnings: string[] }>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, opts?: { timeoutSec?: number }): Promise<void>;
  killContainer(id: string, opts?: { signal?: string }): Promise<void>;
  removeContainer(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  renameContainer(id: string, newName: string): Promise<void>;
  waitContainer(id: string, opts?: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal }): Promise<{ StatusCode: number }>;

  listNetworks(filters?: Filters): Promise<NetworkSummary[]>;
  inspectNetwork(id: string): Promise<NetworkSummary>;
  createNetwork(body: NetworkCreateBody): Promise<{ Id: string }>;
  removeNetwork(id: string): Promise<void>;
  connectNetwork(networkId: string, containerId: string, endpoint?: EndpointSettings): Promise<void>;

  listVolumes(filters?: Filters): Promise<VolumeSummary[]>;
  createVolume(body: VolumeCreateBody): Promise<VolumeSummary>;
  removeVolume(name: string, opts?: { force?: boolean }): Promise<void>;

  /** `undefined` when the image is not present locally. */
  inspectImage(ref: string): Promise<ImageInspect | undefined>;

  /**
   * Engine events until `signal` aborts (the iteration then ends without error). `onOpen` runs once the
   * engine accepted the subscription, so state read after it cannot miss a later event.
   */
  events(opts: { filters?: Filters; since?: number; signal: AbortSignal; onOpen?: () => void }): AsyncIterable<EngineEvent>;
  /** Container output, demultiplexed; ends when the container stops (follow) or at the end of the log. */
  containerLogs(id: string, opts?: LogsOptions): AsyncIterable<LogChunk>;

  /** Pulls `ref` (`:latest` when untagged); an `error` message inside the stream rejects like a failed request. */
  pullImage(ref: string, opts?: PullOptions): Promise<void>;
  /** Builds from a tar (optionally gzipped) context; resolves with the image id; an `error` message rejects. */
  buildImage(context: NodeJS.ReadableStream, opts: BuildOptions): Promise<{ imageId?: string }>;
}

/** An HTTP error from the engine: keeps the status so callers can tolerate 404/409. */
export class EngineRequestError extends ScoreComposeError {
  readonly statusCode: number;

  constructor(statusCode: number, message: string, cause?: unknown) {
    super('engine', message, cause === undefined ? {} : { cause });
    this.statusCode = statusCode;
  }
}

/** True for an engine 404 (no such container/network/volume/image). */
export function isNotFound(err: unknown): boolean {
  return err instanceof EngineRequestError && err.statusCode === 404;
}

/** True for an engine 409 (name in use, already exists, conflicting state). */
export function isConflict(err: unknown): boolean {
  return err instanceof EngineRequestError && err.statusCode === 409;
}

/** True for an engine 304 (container already started/stopped). */
export function isNotModified(err: unknown): boolean {
  return err instanceof EngineRequestError && err.statusCode === 304;
}

/** Compares dotted API versions: negative when a < b. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when the negotiated API version is at least `min`. */
export function apiAtLeast(runtime: Pick<ContainerRuntime, 'apiVersion'>, min: string): boolean {
  return compareApiVersions(runtime.apiVersion, min) >= 0;
}
