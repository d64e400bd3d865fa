import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../../src/common/errors.js';
import { memoryLogger } from '../../../../src/common/log.js';
import { connectRuntime } from '../../../../src/runtime/engine/connect.js';
import type { ContainerRuntime, EngineEndpoint } from '../../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../../src/runtime/engine/container-runtime.js';
import { dockerodeOptions, negotiateApiVersion, toEngineError } from '../../../../src/runtime/engine/docker-runtime.js';
import { parseDockerHost, resolveEngineCandidates } from '../../../../src/runtime/engine/candidates.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'sct-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeContext(name: string, host: string, tls?: { skip?: boolean }): void {
  const hash = createHash('sha256').update(name).digest('hex');
  const meta = join(home, '.docker', 'contexts', 'meta', hash);
  mkdirSync(meta, { recursive: true });
  writeFileSync(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: tls?.skip === true } } }),
  );
  if (tls !== undefined) {
    const dir = join(home, '.docker', 'contexts', 'tls', hash, 'docker');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'cert.pem'), 'CERT');
    writeFileSync(join(dir, 'key.pem'), 'KEY');
  }
}

const fakeRuntime = (endpoint: EngineEndpoint): ContainerRuntime =>
  ({ apiVersion: '1.41', endpointLabel: JSON.stringify(endpoint) }) as unknown as ContainerRuntime;

describe('parseDockerHost', () => {
  it('understands unix, tcp, tls port, ssh and bare host:port', () => {
    expect(parseDockerHost('unix:///run/x.sock')).toEqual({ kind: 'unix', socketPath: '/run/x.sock' });
    expect(parseDockerHost('tcp://10.0.0.1:2375')).toEqual({ kind: 'tcp', host: '10.0.0.1', port: 2375 });
    expect(parseDockerHost('tcp://h:2376')).toEqual({ kind: 'tcp', host: 'h', port: 2376, tls: { verify: true } });
    expect(parseDockerHost('h:1234')).toEqual({ kind: 'tcp', host: 'h', port: 1234 });
    expect(parseDockerHost('ssh://me@box')).toEqual({ kind: 'ssh', host: 'box', port: 22, username: 'me' });
    expect(() => parseDockerHost('ftp://x')).toThrow(/unsupported Docker host scheme/);
  });
});

describe('resolveEngineCandidates', () => {
  it('uses DOCKER_HOST alone, with TLS material from DOCKER_CERT_PATH', () => {
    const certs = join(home, 'certs');
    mkdirSync(certs);
    writeFileSync(join(certs, 'ca.pem'), 'CA');
    const c = resolveEngineCandidates({
      HOME: home,
      DOCKER_HOST: 'tcp://engine:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certs,
    });
    expect(c).toEqual([
      {
        source: 'DOCKER_HOST',
        explicit: true,
        present: true,
        endpoint: {
          kind: 'tcp',
          host: 'engine',
          port: 2376,
          tls: { verify: true, ca: 'CA', cert: undefined, key: undefined },
        },
      },
    ]);
  });

  it('reads the current context from config.json and its meta.json', () => {
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'colima' }));
    writeContext('colima', `unix://${home}/.colima/default/docker.sock`);
    expect(resolveEngineCandidates({ HOME: home })).toEqual([
      {
        source: 'context "colima"',
        explicit: true,
        present: true,
        endpoint: { kind: 'unix', socketPath: `${home}/.colima/default/docker.sock` },
      },
    ]);
  });

  it('prefers DOCKER_CONTEXT and loads context TLS files', () => {
    writeContext('remote', 'tcp://remote:2376', { skip: true });
    const [c] = resolveEngineCandidates({ HOME: home, DOCKER_CONTEXT: 'remote' });
    expect(c?.endpoint).toEqual({
      kind: 'tcp',
      host: 'remote',
      port: 2376,
      tls: { verify: false, ca: 'CA', cert: 'CERT', key: 'KEY' },
    });
  });

  it('fails clearly for a context that does not exist', () => {
    expect(() => resolveEngineCandidates({ HOME: home, DOCKER_CONTEXT: 'ghost' })).toThrow(
      /Docker context "ghost" not found/,
    );
  });

  it('falls back to well-known sockets when the context is default', () => {
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'default' }));
    const c = resolveEngineCandidates(
      { HOME: home, XDG_RUNTIME_DIR: '/run/user/1000' },
      { exists: (p) => p.endsWith('podman.sock') },
    );
    const paths = c.map((x) => (x.endpoint.kind === 'unix' ? x.endpoint.socketPath : ''));
    expect(paths).toEqual([
      '/var/run/docker.sock',
      `${home}/.docker/run/docker.sock`,
      `${home}/.docker/desktop/docker.sock`,
      '/run/user/1000/docker.sock',
      `${home}/.colima/default/docker.sock`,
      `${home}/.rd/docker.sock`,
      `${home}/.orbstack/run/docker.sock`,
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
    expect(c.filter((x) => x.present).map((x) => x.endpoint)).toEqual([
      { kind: 'unix', socketPath: '/run/user/1000/podman/podman.sock' },
      { kind: 'unix', socketPath: '/run/podman/podman.sock' },
    ]);
  });
});

describe('connectRuntime', () => {
  it('returns the first socket that answers and logs the choice', async () => {
    const tried: string[] = [];
    const logger = memoryLogger();
    const rt = await connectRuntime(
      { HOME: home },
      {
        logger,
        exists: (p) => p === '/var/run/docker.sock' || p.endsWith('.colima/default/docker.sock'),
        open: async (ep) => {
          tried.push(ep.kind === 'unix' ? ep.socketPath : '?');
          if (ep.kind === 'unix' && ep.socketPath === '/var/run/docker.sock') throw new Error('connect ECONNREFUSED');
          return fakeRuntime(ep);
        },
      },
    );
    expect(tried).toEqual(['/var/run/docker.sock', `${home}/.colima/default/docker.sock`]);
    expect(rt.apiVersion).toBe('1.41');
    expect(logger.lines.join('\n')).toContain(`using the Docker engine at unix://${home}/.colima/default/docker.sock`);
  });

  it('lists every place it looked when no engine answers', async () => {
    const err = (await connectRuntime(
      { HOME: home },
      { exists: (p) => p === '/var/run/docker.sock', open: async () => Promise.reject(new Error('ECONNREFUSED')) },
    ).catch((e: unknown) => e)) as ScoreComposeError;
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect(err.code).toBe('engine');
    expect(err.message).toBe('cannot connect to the Docker engine');
    expect(err.details[0]).toBe('unix:///var/run/docker.sock (socket): ECONNREFUSED');
    expect(err.details).toContain(`unix://${home}/.colima/default/docker.sock (socket): not found`);
    expect(err.details).toHaveLength(7);
    expect(err.hint).toMatch(/start the Docker daemon.*DOCKER_HOST/);
  });

  it('does not fall back from an explicit DOCKER_HOST', async () => {
    const tried: EngineEndpoint[] = [];
    const err = (await connectRuntime(
      { HOME: home, DOCKER_HOST: 'tcp://nowhere:2375' },
      {
        exists: () => true,
        open: async (ep) => {
          tried.push(ep);
          throw new Error('getaddrinfo ENOTFOUND nowhere');
        },
      },
    ).catch((e: unknown) => e)) as ScoreComposeError;
    expect(tried).toHaveLength(1);
    expect(err.details).toEqual(['tcp://nowhere:2375 (DOCKER_HOST): getaddrinfo ENOTFOUND nowhere']);
    expect(err.hint).toContain('DOCKER_HOST');
  });
});

describe('dockerodeOptions', () => {
  it('passes an ssh:// engine to docker-modem as an ssh connection (the bundle loads ssh2 for it, see test/golden)', () => {
    const ssh = dockerodeOptions(parseDockerHost('ssh://me@box:2222'), '1.41');
    expect(ssh).toMatchObject({ protocol: 'ssh', host: 'box', port: 2222, username: 'me', version: 'v1.41' });
    expect(ssh.socketPath).toBeUndefined();
    expect(dockerodeOptions(parseDockerHost('unix:///run/x.sock'))).toMatchObject({
      socketPath: '/run/x.sock',
      protocol: undefined,
    });
  });
});

describe('API version negotiation', () => {
  it('uses min(engine, ours) and refuses engines that need newer', () => {
    expect(negotiateApiVersion({ Version: '20.10', ApiVersion: '1.41', MinAPIVersion: '1.12' })).toBe('1.41');
    expect(negotiateApiVersion({ Version: '29', ApiVersion: '1.52', MinAPIVersion: '1.44' }, '1.47')).toBe('1.47');
    expect(() => negotiateApiVersion({ Version: '99', ApiVersion: '1.60', MinAPIVersion: '1.50' }, '1.47')).toThrow(
      /needs API 1.50 or newer/,
    );
  });

  it('keeps the HTTP status of engine errors', () => {
    const e = toEngineError(
      'inspect container x',
      Object.assign(new Error('(HTTP code 404) no such container'), {
        statusCode: 404,
        json: { message: 'No such container: x' },
      }),
    );
    expect(e).toBeInstanceOf(EngineRequestError);
    expect(e.statusCode).toBe(404);
    expect(e.message).toBe('inspect container x: No such container: x');
    expect(toEngineError('ping', Object.assign(new Error('connect ENOENT /x'), { code: 'ENOENT' })).message).toBe(
      'ping: ENOENT: connect ENOENT /x',
    );
  });
});
