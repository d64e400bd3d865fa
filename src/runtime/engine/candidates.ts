// Where the Docker engine might listen, in the order the Docker CLI would pick it:
// DOCKER_HOST, then the current Docker context, then well-known sockets. dockerode itself
// reads neither contexts nor the Colima/rootless/Podman sockets, hence this module.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ScoreComposeError } from '../../common/errors.js';
import type { EngineEndpoint, EngineTls } from './container-runtime.js';

/** One place to try, and how we found it (for the log and the "looked here" error). */
export interface EngineCandidate {
  /** e.g. `DOCKER_HOST`, `context "colima"`, `default socket`. */
  source: string;
  endpoint: EngineEndpoint;
  /** The user chose it (DOCKER_HOST, a context): do not fall back to other places if it fails. */
  explicit: boolean;
  /** For sockets: false when the file is absent (reported, never dialled). */
  present: boolean;
}

type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined): boolean =>
  v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

function readPem(dir: string, file: string): string | undefined {
  const p = join(dir, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

/** Parses a DOCKER_HOST-style URL (`unix://`, `npipe://`, `tcp://`, `ssh://`, or bare `host:port`). */
export function parseDockerHost(value: string, tls?: EngineTls): EngineEndpoint {
  if (value.startsWith('unix://'))
    return { kind: 'unix', socketPath: value.slice('unix://'.length) || '/var/run/docker.sock' };
  if (value.startsWith('npipe://'))
    return { kind: 'npipe', pipePath: value.slice('npipe://'.length) || '//./pipe/docker_engine' };
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `tcp://${value}`);
  } catch {
    throw new ScoreComposeError('engine', `invalid Docker host "${value}"`, {
      hint: 'use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host',
    });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'ssh:') {
    const ep: EngineEndpoint = { kind: 'ssh', host, port: url.port === '' ? 22 : Number(url.port) };
    return url.username === '' ? ep : { ...ep, username: decodeURIComponent(url.username) };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ScoreComposeError('engine', `unsupported Docker host scheme "${url.protocol}" in "${value}"`, {
      hint: 'use unix://, npipe://, tcp:// or ssh://',
    });
  }
  const port = url.port === '' ? (tls === undefined ? 2375 : 2376) : Number(url.port);
  // Port 2376 is the registered Docker TLS port: the CLI and dockerode both switch to https there.
  const useTls = tls ?? (port === 2376 || url.protocol === 'https:' ? { verify: true } : undefined);
  return useTls === undefined ? { kind: 'tcp', host, port } : { kind: 'tcp', host, port, tls: useTls };
}

function fromDockerHost(env: Env, home: string): EngineCandidate {
  const value = env.DOCKER_HOST ?? '';
  const verify = truthy(env.DOCKER_TLS_VERIFY);
  let tls: EngineTls | undefined;
  if (verify || truthy(env.DOCKER_TLS)) {
    const dir =
      env.DOCKER_CERT_PATH !== undefined && env.DOCKER_CERT_PATH !== '' ? env.DOCKER_CERT_PATH : join(home, '.docker');
    tls = { verify, ca: readPem(dir, 'ca.pem'), cert: readPem(dir, 'cert.pem'), key: readPem(dir, 'key.pem') };
  }
  return { source: 'DOCKER_HOST', endpoint: parseDockerHost(value, tls), explicit: true, present: true };
}

/** The Docker config directory: $DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(env: Env): string {
  const home = env.HOME ?? homedir();
  return env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(home, '.docker');
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function field(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The candidate from the current Docker context, or undefined when the context is `default` / unset. */
export function fromDockerContext(env: Env): EngineCandidate | undefined {
  const configDir = dockerConfigDir(env);
  const fromConfig = field(readJson(join(configDir, 'config.json')), 'currentContext');
  const name =
    env.DOCKER_CONTEXT !== undefined && env.DOCKER_CONTEXT !== ''
      ? env.DOCKER_CONTEXT
      : typeof fromConfig === 'string'
        ? fromConfig
        : '';
  if (name === '' || name === 'default') return undefined;
  // The CLI stores each context under the sha256 of its name.
  const hash = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', hash, 'meta.json');
  const host = field(readJson(metaPath), 'Endpoints', 'docker', 'Host');
  if (typeof host !== 'string' || host === '') {
    throw new ScoreComposeError('engine', `Docker context "${name}" not found (no endpoint in ${metaPath})`, {
      hint: 'run `docker context ls`, then `docker context use <name>`, or set DOCKER_CONTEXT=default',
    });
  }
  const tlsDir = join(configDir, 'contexts', 'tls', hash, 'docker');
  const skip = field(readJson(metaPath), 'Endpoints', 'docker', 'SkipTLSVerify') === true;
  const ca = readPem(tlsDir, 'ca.pem');
  const cert = readPem(tlsDir, 'cert.pem');
  const key = readPem(tlsDir, 'key.pem');
  const tls =
    ca !== undefined || cert !== undefined || key !== undefined ? { verify: !skip, ca, cert, key } : undefined;
  return { source: `context "${name}"`, endpoint: parseDockerHost(host, tls), explicit: true, present: true };
}

/** Well-known socket paths, most common first. */
export function wellKnownSockets(env: Env): string[] {
  const home = env.HOME ?? homedir();
  const xdg = env.XDG_RUNTIME_DIR;
  const paths = [
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
  ];
  if (xdg !== undefined && xdg !== '') paths.push(join(xdg, 'docker.sock'));
  paths.push(
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
    join(home, '.orbstack', 'run', 'docker.sock'),
  );
  if (xdg !== undefined && xdg !== '') paths.push(join(xdg, 'podman', 'podman.sock'));
  paths.push('/run/podman/podman.sock');
  return paths;
}

/** Every place to try, in order. DOCKER_HOST or a context yields a single explicit candidate. */
export function resolveEngineCandidates(
  env: Env,
  opts: { platform?: NodeJS.Platform; exists?: (path: string) => boolean } = {},
): EngineCandidate[] {
  const home = env.HOME ?? homedir();
  if (env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '') return [fromDockerHost(env, home)];
  const ctx = fromDockerContext(env);
  if (ctx !== undefined) return [ctx];
  if ((opts.platform ?? process.platform) === 'win32') {
    return [
      {
        source: 'default pipe',
        endpoint: { kind: 'npipe', pipePath: '//./pipe/docker_engine' },
        explicit: false,
        present: true,
      },
    ];
  }
  const exists = opts.exists ?? existsSync;
  return wellKnownSockets(env).map((socketPath) => ({
    source: 'socket',
    endpoint: { kind: 'unix', socketPath },
    explicit: false,
    present: exists(socketPath),
  }));
}

/** Describes an endpoint the way DOCKER_HOST would spell it. */
export function endpointLabel(endpoint: EngineEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'npipe':
      return `npipe://${endpoint.pipePath}`;
    case 'ssh':
      return `ssh://${endpoint.username === undefined ? '' : `${endpoint.username}@`}${endpoint.host}:${endpoint.port}`;
    case 'tcp':
      return `tcp://${endpoint.host}:${endpoint.port}`;
  }
}
