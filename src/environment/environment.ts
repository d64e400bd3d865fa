// An integration-test environment from Score files, in one call: its own project directory and
// compose project name (so any number run side by side), every host port left to the engine,
// the workloads' service ports and the resources' host:port outputs published, readiness waited
// for, and a handle that speaks in addresses the test process can reach. README "Test environments".

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { userError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/log.js';
import { uniqueProjectName } from '../api/init.js';
import type { ContainerRuntime, ExecResult } from '../runtime/engine/container-runtime.js';
import type { ServiceStatus } from '../runtime/ps.js';
import { loadState } from '../state/store.js';
import type { State } from '../state/types.js';
import { hostOutputs, outputAddress, publishedPorts, type PublishedPort } from './addresses.js';
import { releaseFromReaping, watchForReaping } from './reaper.js';
import { waitForStrategy, type WaitStrategy } from './wait-strategies.js';
import { byName } from '../common/order.js';

export type { WaitStrategy } from './wait-strategies.js';

/** Options of {@link startEnvironment}. */
export interface EnvironmentOptions {
  /** Score files, relative to `cwd` or absolute. */
  files: string[];
  /** Where relative paths (files, build contexts, provisioner files) start (default: process.cwd()). */
  cwd?: string;
  /** The compose project name (default: the name of `cwd` and a random suffix). */
  projectName?: string;
  /** Extra provisioner files or URIs, installed before the defaults (as `init --provisioners`). */
  provisioners?: string[];
  overridesFile?: string;
  overrideProperties?: string[];
  /** For containers with `image: .`. */
  image?: string;
  /** `[<workload>.]<container>=<context>`; a relative context starts at `cwd`. */
  build?: string[];
  /** More `--publish` entries (`0:<ref>:<port>` for a port the engine picks). */
  publish?: string[];
  /** Readiness beyond healthchecks, per compose service name (`<workload>-<container>`). */
  waitFor?: Record<string, WaitStrategy>;
  /** Bound on starting and becoming ready (default 120 s). */
  timeoutMs?: number;
  /** Let the engine pick every host port (default true), so environments never collide. */
  ephemeralPorts?: boolean;
  /** Process environment for interpolation and the engine connection (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Progress and warnings (default: none). */
  logger?: Logger;
  signal?: AbortSignal;
  /** An engine connection to use (default: one made from `env`, as the CLI does). */
  runtime?: ContainerRuntime;
}

/** Options of {@link ScoreEnvironment.down}. */
export interface EnvironmentDownOptions {
  /** Remove the project's volumes (default true). */
  volumes?: boolean;
  /** Remove images: `local` (built for this environment, the default), `all`, or `none`. */
  images?: 'local' | 'all' | 'none';
}

/** An HTTP answer, as {@link ScoreEnvironment.fetch} returns it. */
export interface EnvironmentResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A route the environment serves, as the test process reaches it. */
export interface EnvironmentRoute {
  /** The name the route is served under (the dns resource's host, `*.localhost`). */
  host: string;
  /** `http://127.0.0.1:<router port>`: send requests here with `headers` (`fetch` does). */
  url: string;
  /** `{ host: '<host>:<router port>' }`: what makes the router pick this route. */
  headers: { host: string };
}

const ROUTER_STATE = 'default-provisioners-routing-instance';
const ROUTER_PORT = 80;
const HTTP_TIMEOUT_MS = 10_000;
/** How long a container gets to stop on `down`: a test environment needs no graceful end. */
const STOP_TIMEOUT_SEC = 2;

function absoluteBuild(flag: string, cwd: string): string {
  const eq = flag.indexOf('=');
  if (eq < 0) return flag;
  const value = flag.slice(eq + 1);
  if (value.startsWith('{') || isAbsolute(value)) return flag;
  return `${flag.slice(0, eq)}=${resolve(cwd, value)}`;
}

/** A running environment; made by {@link startEnvironment}. */
export class ScoreEnvironment {
  private rows: ServiceStatus[] = [];
  private ports: PublishedPort[] = [];
  private state: State | undefined;
  private stopped = false;

  /** @internal Made by startEnvironment. */
  constructor(
    /** The compose project name: `docker compose -p <name> ps` shows the environment too. */
    readonly projectName: string,
    /** Its own project directory (`.score-compose/`, `compose.yaml`), removed by `down`. */
    readonly projectDir: string,
    private readonly opts: EnvironmentOptions & { env: Record<string, string | undefined>; logger: Logger },
    private readonly runtime: ContainerRuntime,
    private readonly publishHost: string,
  ) {}

  /** Reads the containers and the state again (they are read once the environment is ready). */
  async refresh(): Promise<void> {
    const { psStack } = await import('../api/ps.js');
    this.rows = await psStack({
      projectDir: this.projectDir,
      projectName: this.projectName,
      logger: silentLogger,
      runtime: this.runtime,
      all: true,
    });
    this.ports = publishedPorts(this.rows, this.publishHost);
    this.state = await loadState(this.projectDir);
  }

  /** The project's containers (one-shots included), as `ps -a` saw them at the last refresh. */
  containers(): ServiceStatus[] {
    return [...this.rows];
  }

  private published(service: string): PublishedPort[] {
    if (!this.rows.some((r) => r.service === service)) {
      const names = [...new Set(this.rows.map((r) => r.service))].sort().join(', ');
      throw userError('input', `no service "${service}" in environment ${this.projectName}`, {
        hint: `services: ${names}`,
      });
    }
    return this.ports.filter((p) => p.service === service);
  }

  /** Host and port where the test process reaches `service`'s `containerPort` (its first published port by default). */
  address(service: string, containerPort?: number): { host: string; port: number } {
    const ports = this.published(service);
    const hit = containerPort === undefined ? ports[0] : ports.find((p) => p.containerPort === containerPort);
    if (hit === undefined) {
      const known = ports.map((p) => p.containerPort).join(', ') || 'none';
      throw userError('input', `service "${service}" publishes no port ${containerPort ?? ''}`.trimEnd(), {
        hint: `published container ports: ${known}`,
      });
    }
    return { host: hit.host, port: hit.hostPort };
  }

  /** `http://<host>:<port><path>` for a service's published port. */
  url(service: string, path = '/', containerPort?: number): string {
    const { host, port } = this.address(service, containerPort);
    return `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  private resourceUid(ref: string, workload?: string): string {
    const resources = this.state?.resources ?? {};
    if (Object.hasOwn(resources, ref)) return ref;
    const found = Object.keys(resources).filter((uid) => {
      const hash = uid.indexOf('#');
      const [owner, name] = [uid.slice(hash + 1, uid.lastIndexOf('.')), uid.slice(uid.lastIndexOf('.') + 1)];
      return hash >= 0 && name === ref && (workload === undefined || owner === workload);
    });
    if (found.length === 1) return found[0] as string;
    throw userError(
      'input',
      `${found.length === 0 ? 'no' : 'more than one'} resource "${ref}"${workload ? ` in workload ${workload}` : ''}`,
      { hint: `resources: ${Object.keys(resources).sort().join(', ')}; give its uid, or the workload` },
    );
  }

  /**
   * A resource's outputs as the test process must use them: `host`/`port` are the published
   * address, and strings built from them (connection URLs) are rewritten to match. `ref` is a uid
   * (`postgres.default#app.db`) or the resource's name in its workload (`db`, with `workload`
   * when several workloads have one).
   */
  outputs(ref: string, workload?: string): Record<string, unknown> {
    const uid = this.resourceUid(ref, workload);
    const outputs = this.state?.resources[uid]?.outputs ?? {};
    const services = new Set(this.rows.map((r) => r.service));
    return hostOutputs(outputs, outputAddress(outputs, services, this.ports));
  }

  /** The routes the shared router serves, each with the address and Host header to use. */
  routes(): EnvironmentRoute[] {
    const instance = this.state?.shared_state[ROUTER_STATE] as
      { instanceServiceName?: string; hosts?: Record<string, unknown> } | undefined;
    const service = instance?.instanceServiceName;
    if (service === undefined) return [];
    const port = this.ports.find((p) => p.service === service && p.containerPort === ROUTER_PORT);
    if (port === undefined) return [];
    return Object.keys(instance?.hosts ?? {})
      .sort()
      .map((host) => ({
        host,
        url: `http://${port.host}:${port.hostPort}`,
        headers: { host: `${host}:${port.hostPort}` },
      }));
  }

  /**
   * An HTTP request from the test process. A URL naming a route's host (`http://dnsab12.localhost:8080/p`,
   * as a dns resource's `url` output gives it) goes to the router's published port with that Host
   * header, so no `*.localhost` name needs to resolve.
   */
  fetch(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<EnvironmentResponse> {
    const target = new URL(url);
    const route = this.routes().find((r) => r.host === target.hostname);
    const via = route ? new URL(route.url) : target;
    const headers = { ...(route ? route.headers : {}), ...init.headers };
    return new Promise((done, fail) => {
      const req = request(
        {
          host: via.hostname,
          port: via.port || 80,
          path: `${target.pathname}${target.search}`,
          method: init.method ?? 'GET',
          headers,
          timeout: HTTP_TIMEOUT_MS,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${HTTP_TIMEOUT_MS / 1000} s`)));
      req.on('error', fail);
      req.end(init.body);
    });
  }

  private containerOf(service: string): ServiceStatus {
    this.published(service);
    const rows = this.rows.filter((r) => r.service === service);
    return rows.find((r) => r.state === 'running') ?? (rows[0] as ServiceStatus);
  }

  /** The service's log so far, stdout and stderr as they came (`tail`: only the last lines). */
  async logs(service: string, opts: { tail?: number } = {}): Promise<string> {
    const container = this.containerOf(service);
    let text = '';
    for await (const chunk of this.runtime.containerLogs(container.id, {
      ...(opts.tail === undefined ? {} : { tail: opts.tail }),
    }))
      text += chunk.text;
    return text;
  }

  /** Runs `argv` in the service's running container; resolves with its exit code and output. */
  async exec(service: string, argv: string[], opts: { env?: Record<string, string> } = {}): Promise<ExecResult> {
    const container = this.containerOf(service);
    if (container.state !== 'running')
      throw userError('input', `service "${service}" has no running container (${container.state})`);
    const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
    return this.runtime.exec(container.id, argv, env.length > 0 ? { env } : {});
  }

  /** Waits until `strategy` holds for `service`; on timeout the error carries its last log lines. */
  async waitFor(service: string, strategy: WaitStrategy): Promise<void> {
    this.published(service);
    await waitForStrategy(strategy, {
      service,
      address: (port) => this.address(service, port),
      logs: () => this.logs(service),
      lastLines: async () => (await this.logs(service, { tail: 20 })).split('\n').filter((l) => l !== ''),
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
  }

  /**
   * Takes the environment down: containers, networks, volumes and the images built for it by
   * default, then its project directory. Safe to call twice.
   */
  async down(opts: EnvironmentDownOptions = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const { downStack } = await import('../api/down.js');
    try {
      await downStack({
        projectDir: this.projectDir,
        projectName: this.projectName,
        env: this.opts.env,
        logger: this.opts.logger,
        runtime: this.runtime,
        volumes: opts.volumes ?? true,
        removeOrphans: true,
        timeoutSec: STOP_TIMEOUT_SEC,
        ...(opts.images === 'none' ? {} : { removeImages: opts.images ?? 'local' }),
      });
    } finally {
      await rm(this.projectDir, { recursive: true, force: true });
      releaseFromReaping(this.projectName);
    }
  }

  /** `await using env = await startEnvironment(...)` takes it down at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }
}

/** The address the host reaches published ports at: IPv4 loopback for a local engine. */
function hostFor(runtime: ContainerRuntime): string {
  return runtime.publishHost === 'localhost' ? '127.0.0.1' : runtime.publishHost;
}

/**
 * Starts an environment from Score files and returns it once every service is ready (healthy,
 * running or completed, then each `waitFor` strategy). It runs in a temporary project directory
 * of its own under a unique project name; if anything fails, what was started is taken down. If
 * the process dies without `down()`, a reaper process takes it down (reaper.ts).
 */
export async function startEnvironment(options: EnvironmentOptions): Promise<ScoreEnvironment> {
  if (options.files.length === 0) throw userError('usage', 'startEnvironment needs at least one Score file');
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const projectName = options.projectName ?? uniqueProjectName(cwd);
  const projectDir = await mkdtemp(join(tmpdir(), `score-env-${projectName}-`));
  const [{ init }, { upStack }, { runtimeFor }] = await Promise.all([
    import('../api/init.js'),
    import('../api/up.js'),
    import('../api/project.js'),
  ]);
  const signal = options.signal ? { signal: options.signal } : {};
  // Announced before anything exists: a process that dies while starting leaves nothing either.
  watchForReaping({ projectName, projectDir, env, removeDir: true });
  let runtime: ContainerRuntime;
  try {
    runtime = options.runtime ?? (await runtimeFor({ env, logger, ...signal }));
  } catch (err) {
    await rm(projectDir, { recursive: true, force: true });
    releaseFromReaping(projectName);
    throw err;
  }
  const environment = new ScoreEnvironment(
    projectName,
    projectDir,
    { ...options, env, logger },
    runtime,
    hostFor(runtime),
  );
  try {
    await init({
      projectDir,
      project: projectName,
      noSample: true,
      logger,
      ...(options.provisioners
        ? {
            provisioners: options.provisioners.map((p) =>
              /^[a-z][a-z0-9+.-]*:\/\//.test(p) || p === '-' ? p : resolve(cwd, p),
            ),
          }
        : {}),
    });
    const generateOptions = {
      projectDir,
      files: options.files.map((f) => resolve(cwd, f)),
      env,
      logger,
      output: 'compose.yaml',
      ephemeralPorts: options.ephemeralPorts ?? true,
      // No wait-for-resources one-shot: workloads wait on the resources directly (one start fewer).
      directDependencies: true,
      ...(options.overridesFile === undefined ? {} : { overridesFile: resolve(cwd, options.overridesFile) }),
      ...(options.overrideProperties ? { overrideProperties: options.overrideProperties } : {}),
      ...(options.image === undefined ? {} : { image: options.image }),
      ...(options.build ? { build: options.build.map((b) => absoluteBuild(b, cwd)) } : {}),
      ...signal,
    };
    // publishForHost: every service port and resource address is published (on ports the
    // engine picks), from the outputs this very run provisions.
    await upStack({
      ...generateOptions,
      publish: options.publish ?? [],
      publishForHost: true,
      wait: true,
      timeoutMs: options.timeoutMs ?? 120_000,
      runtime,
    });
    await environment.refresh();
    for (const [service, strategy] of Object.entries(options.waitFor ?? {}).sort(byName))
      await environment.waitFor(service, strategy);
    return environment;
  } catch (err) {
    await environment.down().catch((downErr: unknown) => {
      logger.warn(`could not take down environment ${projectName}: ${String(downErr)}`);
    });
    throw err;
  }
}
