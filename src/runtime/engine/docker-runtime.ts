// The ONLY module that imports dockerode. Implements ContainerRuntime as a thin pass-through:
// bodies are already Engine API JSON, errors become EngineRequestError with the HTTP status.

import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import type {
  ContainerCreateBody,
  ContainerInspect,
  ContainerRuntime,
  ContainerSummary,
  EndpointSettings,
  EngineEndpoint,
  EngineEvent,
  EngineVersion,
  ExecOptions,
  ExecResult,
  Filters,
  ImageInspect,
  LogChunk,
  LogsOptions,
  BuildOptions,
  PullOptions,
  NetworkCreateBody,
  NetworkSummary,
  VolumeCreateBody,
  VolumeSummary,
} from './container-runtime.js';
import { compareVersions } from '../../common/compare-versions.js';
import { EngineRequestError } from './container-runtime.js';
import { LogDemuxer, NdjsonSplitter } from './log-demux.js';
import { parseImageRef } from '../images/ref.js';
import { readProgressStream } from './json-stream.js';
import { endpointLabel } from './candidates.js';

/** Highest Engine API version this code was written and tested against; we never ask for more. */
export const MAX_API_VERSION = '1.47';

/**
 * Turns a dockerode/docker-modem failure into an EngineRequestError naming the operation. With
 * `where` (the engine it was talking to), a failure without an answer says the engine stopped answering.
 */
export function toEngineError(what: string, err: unknown, where?: string): EngineRequestError {
  if (err instanceof EngineRequestError) return err;
  const e = err as { statusCode?: unknown; json?: unknown; message?: unknown; code?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const json = e.json as { message?: unknown } | null | undefined;
  let detail: string;
  if (json !== null && typeof json === 'object' && typeof json.message === 'string') detail = json.message;
  else if (typeof e.message === 'string') detail = e.message;
  else detail = String(err);
  if (status === 0 && typeof e.code === 'string') detail = `${e.code}: ${detail}`;
  if (status === 0 && where !== undefined)
    return new EngineRequestError(
      0,
      `the Docker engine at ${where} stopped answering (${what}: ${detail.trim()})`,
      err,
      {
        hint: 'check that the engine is running (docker info), then run the command again',
      },
    );
  return new EngineRequestError(status, `${what}: ${detail.trim()}`, err);
}

// dockerode accepts abortSignal on ping/version but its typings do not say so.
interface WithSignal {
  ping(opts: { abortSignal?: AbortSignal }): Promise<unknown>;
  version(opts: { abortSignal?: AbortSignal }): Promise<EngineVersion>;
}

async function call<T>(what: string, fn: () => Promise<T>, where?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toEngineError(what, err, where);
  }
}

/**
 * dockerode constructor options for an endpoint; every connection field is set so that
 * DOCKER_HOST in process.env cannot leak in.
 */
export function dockerodeOptions(
  endpoint: EngineEndpoint,
  apiVersion?: string,
): Docker.DockerOptions & Record<string, unknown> {
  const version = apiVersion === undefined ? undefined : `v${apiVersion}`;
  const none = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  switch (endpoint.kind) {
    case 'unix':
      return { ...none, socketPath: endpoint.socketPath, version };
    case 'npipe':
      return { ...none, socketPath: endpoint.pipePath, version };
    case 'ssh':
      return {
        ...none,
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        username: endpoint.username,
        version,
      };
    case 'tcp': {
      const tls = endpoint.tls;
      if (tls === undefined) return { ...none, protocol: 'http', host: endpoint.host, port: endpoint.port, version };
      const agent = new HttpsAgent({ ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify });
      return {
        ...none,
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        agent,
        version,
      };
    }
  }
}

/** Picks min(engine, ours) and checks the engine still accepts it. */
export function negotiateApiVersion(engine: EngineVersion, ours = MAX_API_VERSION): string {
  const chosen = compareVersions(engine.ApiVersion, ours) < 0 ? engine.ApiVersion : ours;
  if (engine.MinAPIVersion !== undefined && compareVersions(chosen, engine.MinAPIVersion) < 0) {
    throw new EngineRequestError(
      0,
      `the Docker engine ${engine.Version} needs API ${engine.MinAPIVersion} or newer, but score-compose-ts supports up to ${ours}`,
    );
  }
  return chosen;
}

/** ContainerRuntime over dockerode. Build it with `openDockerRuntime`. */
export class DockerRuntime implements ContainerRuntime {
  readonly endpointLabel: string;
  readonly publishHost: string;

  constructor(
    private readonly docker: Docker,
    readonly apiVersion: string,
    endpoint: EngineEndpoint,
  ) {
    this.endpointLabel = endpointLabel(endpoint);
    this.publishHost = endpoint.kind === 'tcp' || endpoint.kind === 'ssh' ? endpoint.host : 'localhost';
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return call(what, fn, this.endpointLabel);
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.call('ping', () => (this.docker as unknown as WithSignal).ping({ abortSignal: signal }));
  }

  async version(signal?: AbortSignal): Promise<EngineVersion> {
    return this.call('version', () => (this.docker as unknown as WithSignal).version({ abortSignal: signal }));
  }

  async listContainers(opts: { all?: boolean; filters?: Filters }): Promise<ContainerSummary[]> {
    const rows = await this.call('list containers', () =>
      this.docker.listContainers({ all: opts.all ?? false, filters: opts.filters ?? {} }),
    );
    return rows.map((r) => ({ ...r, Labels: r.Labels ?? {} }) as ContainerSummary);
  }

  async inspectContainer(id: string): Promise<ContainerInspect> {
    const c = (await this.call(`inspect container ${id}`, () =>
      this.docker.getContainer(id).inspect(),
    )) as unknown as ContainerInspect;
    c.Config.Labels = c.Config.Labels ?? {};
    c.NetworkSettings.Networks = c.NetworkSettings.Networks ?? {};
    c.Mounts = c.Mounts ?? [];
    return c;
  }

  async createContainer(
    name: string,
    body: ContainerCreateBody,
    opts: { platform?: string } = {},
  ): Promise<{ Id: string; Warnings: string[] }> {
    const query: Record<string, string> = { name };
    if (opts.platform !== undefined) query.platform = opts.platform;
    // _query/_body keep the body out of the URL (dockerode would otherwise put every field in both).
    const created = await this.call(`create container ${name}`, () =>
      this.docker.createContainer({ _query: query, _body: body } as unknown as Docker.ContainerCreateOptions),
    );
    return { Id: created.id, Warnings: [] };
  }

  async startContainer(id: string): Promise<void> {
    await this.call(`start container ${id}`, () => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, opts: { timeoutSec?: number } = {}): Promise<void> {
    await this.call(`stop container ${id}`, () =>
      this.docker.getContainer(id).stop(opts.timeoutSec === undefined ? {} : { t: opts.timeoutSec }),
    );
  }

  async killContainer(id: string, opts: { signal?: string } = {}): Promise<void> {
    await this.call(`kill container ${id}`, () =>
      this.docker.getContainer(id).kill(opts.signal === undefined ? {} : { signal: opts.signal }),
    );
  }

  async removeContainer(id: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.call(`remove container ${id}`, () =>
      this.docker.getContainer(id).remove({ force: opts.force ?? false, v: opts.volumes ?? false }),
    );
  }

  async renameContainer(id: string, newName: string): Promise<void> {
    await this.call(`rename container ${id}`, () => this.docker.getContainer(id).rename({ name: newName }));
  }

  async waitContainer(
    id: string,
    opts: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal } = {},
  ): Promise<{ StatusCode: number }> {
    const res = await this.call(`wait for container ${id}`, () =>
      this.docker.getContainer(id).wait({ condition: opts.condition ?? 'not-running', abortSignal: opts.signal }),
    );
    return { StatusCode: Number((res as { StatusCode?: unknown }).StatusCode ?? -1) };
  }

  async listNetworks(filters: Filters = {}): Promise<NetworkSummary[]> {
    const rows = await this.call('list networks', () => this.docker.listNetworks({ filters }));
    return rows.map((n) => ({
      Id: n.Id,
      Name: n.Name,
      Driver: n.Driver,
      Labels: n.Labels ?? {},
      Containers: n.Containers ?? {},
    }));
  }

  async inspectNetwork(id: string): Promise<NetworkSummary> {
    const n = (await this.call(`inspect network ${id}`, () => this.docker.getNetwork(id).inspect())) as NetworkSummary;
    return { Id: n.Id, Name: n.Name, Driver: n.Driver, Labels: n.Labels ?? {}, Containers: n.Containers ?? {} };
  }

  async createNetwork(body: NetworkCreateBody): Promise<{ Id: string }> {
    const net = await this.call(`create network ${body.Name}`, () => this.docker.createNetwork(body));
    return { Id: net.id };
  }

  async removeNetwork(id: string): Promise<void> {
    await this.call(`remove network ${id}`, () => this.docker.getNetwork(id).remove());
  }

  async connectNetwork(networkId: string, containerId: string, endpoint: EndpointSettings = {}): Promise<void> {
    await this.call(`connect container ${containerId} to network ${networkId}`, () =>
      this.docker.getNetwork(networkId).connect({ Container: containerId, EndpointConfig: endpoint }),
    );
  }

  async listVolumes(filters: Filters = {}): Promise<VolumeSummary[]> {
    const res = await this.call('list volumes', () => this.docker.listVolumes({ filters }));
    return (res.Volumes ?? []).map((v) => ({
      Name: v.Name,
      Driver: v.Driver,
      Labels: v.Labels ?? {},
      Mountpoint: v.Mountpoint,
    }));
  }

  async createVolume(body: VolumeCreateBody): Promise<VolumeSummary> {
    const v = (await this.call(`create volume ${body.Name}`, () =>
      this.docker.createVolume(body),
    )) as unknown as VolumeSummary;
    return { Name: v.Name, Driver: v.Driver, Labels: v.Labels ?? {}, Mountpoint: v.Mountpoint };
  }

  async removeVolume(name: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.call(`remove volume ${name}`, () => this.docker.getVolume(name).remove({ force: opts.force ?? false }));
  }

  async inspectImage(ref: string): Promise<ImageInspect | undefined> {
    try {
      const img = (await this.docker.getImage(ref).inspect()) as unknown as ImageInspect;
      return { ...img, RepoTags: img.RepoTags ?? [], RepoDigests: img.RepoDigests ?? [] };
    } catch (err) {
      const e = toEngineError(`inspect image ${ref}`, err, this.endpointLabel);
      if (e.statusCode === 404) return undefined;
      throw e;
    }
  }

  async removeImage(ref: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.call(`remove image ${ref}`, () => this.docker.getImage(ref).remove({ force: opts.force ?? false }));
  }

  async exec(id: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const what = `exec in container ${id}`;
    const exec = await this.call(what, () =>
      this.docker.getContainer(id).exec({
        Cmd: argv,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(opts.env === undefined ? {} : { Env: opts.env }),
        ...(opts.user === undefined ? {} : { User: opts.user }),
        ...(opts.workingDir === undefined ? {} : { WorkingDir: opts.workingDir }),
      }),
    );
    const stream = (await this.call(what, () =>
      exec.start({ hijack: true, stdin: false, abortSignal: opts.signal } as Docker.ExecStartOptions),
    )) as NodeJS.ReadableStream;
    const demux = new LogDemuxer();
    const out = { stdout: '', stderr: '' };
    try {
      for await (const chunk of stream) for (const c of demux.push(chunk as Buffer)) out[c.stream] += c.text;
    } catch (err) {
      throw toEngineError(what, err, this.endpointLabel);
    }
    const info = await this.call(what, () => exec.inspect());
    return { exitCode: info.ExitCode ?? -1, ...out };
  }

  async *events(opts: {
    filters?: Filters;
    since?: number;
    signal: AbortSignal;
    onOpen?: () => void;
  }): AsyncIterable<EngineEvent> {
    if (opts.signal.aborted) return;
    const query: Record<string, unknown> = { filters: opts.filters ?? {}, abortSignal: opts.signal };
    if (opts.since !== undefined) query.since = opts.since;
    const stream = (await this.call('watch engine events', () =>
      this.docker.getEvents(query as Docker.GetEventsOptions),
    )) as NodeJS.ReadableStream;
    opts.onOpen?.();
    const splitter = new NdjsonSplitter();
    try {
      for await (const chunk of stream) {
        for (const ev of splitter.push(chunk as Buffer)) yield ev as EngineEvent;
      }
    } catch (err) {
      if (opts.signal.aborted) return;
      throw toEngineError('watch engine events', err, this.endpointLabel);
    }
  }

  async *containerLogs(id: string, opts: LogsOptions = {}): AsyncIterable<LogChunk> {
    const info = await this.inspectContainer(id);
    const tty = info.Config.Tty === true;
    const query: Record<string, unknown> = {
      stdout: true,
      stderr: true,
      follow: opts.follow ?? false,
      tail: opts.tail ?? 'all',
      timestamps: opts.timestamps ?? false,
      abortSignal: opts.signal,
    };
    if (opts.since !== undefined) query.since = opts.since;
    const res = (await this.call(`logs of container ${id}`, () =>
      this.docker.getContainer(id).logs(query as unknown as Docker.ContainerLogsOptions & { follow: false }),
    )) as unknown;
    const demux = new LogDemuxer();
    const convert = (buf: Buffer): LogChunk[] =>
      tty ? [{ stream: 'stdout', text: buf.toString('utf8') }] : demux.push(buf);
    if (Buffer.isBuffer(res)) {
      yield* convert(res);
      return;
    }
    if (typeof res === 'string') {
      yield* convert(Buffer.from(res, 'binary'));
      return;
    }
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) yield* convert(chunk);
    } catch (err) {
      if (opts.signal?.aborted === true) return;
      throw toEngineError(`logs of container ${id}`, err, this.endpointLabel);
    }
  }

  async pullImage(ref: string, opts: PullOptions = {}): Promise<void> {
    const { repository, tag } = parseImageRef(ref);
    const query: Record<string, unknown> = { fromImage: repository, tag, abortSignal: opts.signal };
    if (opts.platform !== undefined) query.platform = opts.platform;
    if (opts.authconfig !== undefined) query.authconfig = opts.authconfig;
    const what = `pull image ${ref}`;
    const stream = (await this.call(what, () =>
      this.docker.createImage(query as unknown as Docker.AuthConfig),
    )) as AsyncIterable<unknown>;
    try {
      await readProgressStream(stream, what, opts.onProgress);
    } catch (err) {
      throw toEngineError(what, err, this.endpointLabel);
    }
  }

  async buildImage(context: NodeJS.ReadableStream, opts: BuildOptions): Promise<{ imageId?: string }> {
    const { signal, onProgress, tags, extrahosts, ...rest } = opts;
    const query: Record<string, unknown> = { ...rest, t: tags, abortSignal: signal };
    if (extrahosts !== undefined) query.extrahosts = extrahosts.join(',');
    const what = `build image ${tags[0] ?? ''}`.trim();
    const stream = (await this.call(what, () =>
      this.docker.buildImage(context, query as Docker.ImageBuildOptions),
    )) as AsyncIterable<unknown>;
    let imageId: string | undefined;
    try {
      await readProgressStream(stream, what, (m) => {
        if (typeof m.aux?.ID === 'string') imageId = m.aux.ID;
        onProgress?.(m);
      });
    } catch (err) {
      throw toEngineError(what, err, this.endpointLabel);
    }
    return imageId === undefined ? {} : { imageId };
  }
}

/** Connects to an endpoint, negotiates the API version and returns a runtime pinned to it. */
export async function openDockerRuntime(
  endpoint: EngineEndpoint,
  opts: { signal?: AbortSignal; maxApiVersion?: string } = {},
): Promise<DockerRuntime> {
  const probe = new Docker(dockerodeOptions(endpoint));
  const version = await call(`connect to ${endpointLabel(endpoint)}`, () =>
    (probe as unknown as WithSignal).version({ abortSignal: opts.signal }),
  );
  const chosen = negotiateApiVersion(version, opts.maxApiVersion);
  return new DockerRuntime(new Docker(dockerodeOptions(endpoint, chosen)), chosen, endpoint);
}
