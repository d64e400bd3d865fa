// The narrow set of Docker Engine operations the runtime needs. Types are our own but shaped
// after the Engine API JSON (same PascalCase field names), so the dockerode adapter is a thin
// pass-through and unit tests can drive the runtime with a fake.

import { type ErrorCode, ScoreComposeError } from '../../common/errors.js';

import type {
  Filters,
  EngineVersion,
  ContainerSummary,
  ContainerInspect,
  EndpointSettings,
  ContainerCreateBody,
  NetworkSummary,
  NetworkCreateBody,
  VolumeSummary,
  VolumeCreateBody,
  ImageInspect,
  EngineEvent,
  LogChunk,
  LogsOptions,
  PullOptions,
  BuildOptions,
} from './api-shapes.js';

export type * from './api-shapes.js';

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
  createContainer(
    name: string,
    body: ContainerCreateBody,
    opts?: { platform?: string },
  ): Promise<{ Id: string; Warnings: string[] }>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, opts?: { timeoutSec?: number }): Promise<void>;
  killContainer(id: string, opts?: { signal?: string }): Promise<void>;
  removeContainer(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  renameContainer(id: string, newName: string): Promise<void>;
  waitContainer(
    id: string,
    opts?: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal },
  ): Promise<{ StatusCode: number }>;

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
  /** Removes an image (by id or reference); a 409 when a container still uses it. */
  removeImage(ref: string, opts?: { force?: boolean }): Promise<void>;

  /** Runs `argv` in a running container (no TTY, no stdin) and collects its output and exit code. */
  exec(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult>;

  /**
   * Engine events until `signal` aborts (the iteration then ends without error). `onOpen` runs once the
   * engine accepted the subscription, so state read after it cannot miss a later event.
   */
  events(opts: {
    filters?: Filters;
    since?: number;
    signal: AbortSignal;
    onOpen?: () => void;
  }): AsyncIterable<EngineEvent>;
  /** Container output, demultiplexed; ends when the container stops (follow) or at the end of the log. */
  containerLogs(id: string, opts?: LogsOptions): AsyncIterable<LogChunk>;

  /** Pulls `ref` (`:latest` when untagged); an `error` message inside the stream rejects like a failed request. */
  pullImage(ref: string, opts?: PullOptions): Promise<void>;
  /** Builds from a tar (optionally gzipped) context; resolves with the image id; an `error` message rejects. */
  buildImage(context: NodeJS.ReadableStream, opts: BuildOptions): Promise<{ imageId?: string }>;
}

/** Options of {@link ContainerRuntime.exec}. */
export interface ExecOptions {
  /** `KEY=value` entries added to the container's environment. */
  env?: string[];
  user?: string;
  workingDir?: string;
  signal?: AbortSignal;
}

/** What a command run with {@link ContainerRuntime.exec} printed and how it ended. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * An engine request that failed: keeps the HTTP status so callers can tolerate 404/409. Status 0
 * means no answer at all (the engine cannot be reached, or the connection was lost: code `engine`,
 * exit 3); an answer refusing the request is code `runtime` (exit 4) unless the caller says otherwise.
 */
export class EngineRequestError extends ScoreComposeError {
  readonly statusCode: number;

  constructor(statusCode: number, message: string, cause?: unknown, opts: { code?: ErrorCode; hint?: string } = {}) {
    super(opts.code ?? (statusCode === 0 ? 'engine' : 'runtime'), message, {
      ...(cause === undefined ? {} : { cause }),
      ...(opts.hint === undefined ? {} : { hint: opts.hint }),
    });
    this.statusCode = statusCode;
  }
}

/** True when `err`, or an error it wraps, says the engine did not answer (unreachable or connection lost). */
export function isEngineUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++)
    if (e instanceof ScoreComposeError && e.code === 'engine') return true;
  return false;
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
