// Real servers on 127.0.0.1 for the provisioner sources: git's own smart HTTP backend behind a
// node:http server, Debian's OpenSSH server, and Debian's docker-registry (distribution 2.8).
// Each lives in its own temp dirs; close() kills what it spawned, removes its dirs, never throws.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

const SSHD = '/usr/sbin/sshd';
const REGISTRY = '/usr/bin/docker-registry';
const START_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 2_000;

/** What `push` sends unless told otherwise; registry 2.8 takes any config media type (it does not check). */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DEFAULT_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
export const DEFAULT_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';

// A fixed identity and date make commits reproducible, and no git config of the machine is read.
const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Source Servers',
  GIT_AUTHOR_EMAIL: 'source-servers@example.test',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Source Servers',
  GIT_COMMITTER_EMAIL: 'source-servers@example.test',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

/** Why these servers cannot run here (a short reason), or undefined when every tool is installed. */
export function sourceServersProblem(): string | undefined {
  const runs = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore', timeout: 10_000 }).error;
  const git = spawnSync('git', ['--exec-path'], { encoding: 'utf8', timeout: 10_000 });
  if (git.error !== undefined || git.status !== 0) return 'no git (apt-get install git)';
  if (!existsSync(join(git.stdout.trim(), 'git-http-backend'))) return 'git has no http-backend';
  if (!existsSync(SSHD)) return `no ${SSHD} (apt-get install openssh-server)`;
  // Only "is it there": ssh-keygen has no version flag and exits 1 on a usage error.
  if (runs('ssh-keygen', ['-?']) !== undefined) return 'no ssh-keygen (apt-get install openssh-client)';
  if (runs('ssh', ['-V']) !== undefined) return 'no ssh (apt-get install openssh-client)';
  if (!existsSync(REGISTRY)) return `no ${REGISTRY} (apt-get install docker-registry)`;
  return undefined;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port from listen(0)');
  return address.port;
}

/** Runs a command to its end; rejects with its stderr when it fails. */
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? code}): ${stderr.trim()}`));
    });
  });
}

/** A long-running child process; `stop()` never throws. */
interface Daemon {
  stderr(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

function startDaemon(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Daemon {
  // Its own process group, so that stop() reaches anything it forks.
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  let done = false;
  // The last 64 KiB, for error messages.
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-64 * 1024)));
  const gone = new Promise<void>((resolve) => {
    const finish = () => {
      done = true;
      resolve();
    };
    child.once('exit', finish);
    child.once('error', (err) => {
      stderr += `\n${err.message}`;
      finish();
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  return {
    stderr: () => stderr.trim(),
    exited: () => done,
    stop: async () => {
      if (!done) {
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), KILL_AFTER_MS);
        await gone;
        clearTimeout(timer);
      }
      signal('SIGKILL'); // stragglers of the group
    },
  };
}

/** Polls `ready` until it is true; fails early when the daemon dies, with its stderr either way. */
async function waitUntil(what: string, daemon: Daemon, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (daemon.exited()) throw new Error(`${what} exited while starting: ${daemon.stderr() || '(no stderr)'}`);
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready within ${START_TIMEOUT_MS / 1000} s: ${daemon.stderr() || '(no stderr)'}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function removeQuietly(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

// GIT_SSH_COMMAND is read by a shell.
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------
// git repositories

/** A bare repository built from `files`, at `<root>/repos/<name>.git`. */
export interface GitRepo {
  root: string;
  bare: string;
  close(): Promise<void>;
}

/**
 * One commit with `files` on `main`, tagged `opts.tag` (annotated) when given; `opts.secondCommit`
 * adds a second commit with those files written over, so that HEAD differs from the tag.
 */
export async function createGitRepo(
  files: Record<string, string>,
  opts: { tag?: string; secondCommit?: Record<string, string>; name?: string } = {},
): Promise<GitRepo> {
  const root = await mkdtemp(join(tmpdir(), 'sct-git-'));
  try {
    const work = join(root, 'work');
    const bare = join(root, 'repos', `${opts.name ?? 'provisioners'}.git`);
    const env = { ...process.env, ...GIT_ENV };
    const git = (...args: string[]) => run('git', args, { cwd: work, env });
    const commit = async (content: Record<string, string>, message: string) => {
      for (const [path, text] of Object.entries(content)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await git('add', '-A');
      await git('commit', '-q', '--allow-empty', '-m', message);
    };
    await mkdir(work, { recursive: true });
    await git('init', '-q', '-b', 'main');
    await commit(files, 'first');
    if (opts.tag !== undefined) await git('tag', '-a', '-m', opts.tag, opts.tag);
    if (opts.secondCommit !== undefined) await commit(opts.secondCommit, 'second');
    await mkdir(dirname(bare), { recursive: true });
    await run('git', ['clone', '-q', '--bare', work, bare], { env });
    await removeQuietly(work);
    return { root, bare, close: () => removeQuietly(root) };
  } catch (err) {
    await removeQuietly(root);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// git smart HTTP

/** A node:http server in front of `git http-backend`. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`; `<projectRoot>/repos/x.git` is at `<url>/repos/x.git`. */
  url: string;
  /** `METHOD path?query` of each request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the repositories under `projectRoot` over git's smart HTTP protocol, one `git http-backend` per request. */
export async function startGitHttpServer(projectRoot: string): Promise<GitHttpServer> {
  const requests: string[] = [];
  const children = new Set<ChildProcess>();
  const server = createHttpServer((req, res) => {
    requests.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    serveCgi(projectRoot, req, res, children);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the git HTTP server has no TCP port');
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const child of children) child.kill('SIGKILL');
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function serveCgi(projectRoot: string, req: IncomingMessage, res: ServerResponse, children: Set<ChildProcess>): void {
  const fail = (status: number, message: string) => {
    if (res.writableEnded) return;
    if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(`${message}\n`);
  };
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  let pathInfo: string;
  try {
    pathInfo = decodeURIComponent(q < 0 ? target : target.slice(0, q));
  } catch {
    fail(400, 'bad path');
    return;
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const cgi: Record<string, string | undefined> = {
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: q < 0 ? '' : target.slice(q + 1),
    CONTENT_TYPE: header('content-type'),
    CONTENT_LENGTH: header('content-length'),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    HTTP_CONTENT_ENCODING: header('content-encoding'),
    HTTP_GIT_PROTOCOL: header('git-protocol'),
  };
  // Only PATH and HOME from here: a GIT_DIR or similar in the test's environment must not leak in.
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], GIT_CONFIG_NOSYSTEM: '1' };
  for (const [k, v] of Object.entries(cgi)) if (v !== undefined) env[k] = v;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined); // the backend may answer without reading the whole body
  req.pipe(child.stdin);
  res.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  let head: Buffer | undefined = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    if (head === undefined) {
      if (!res.write(chunk)) {
        child.stdout.pause();
        res.once('drain', () => child.stdout.resume());
      }
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const [end, sep] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [-1, 0];
    if (end < 0) return;
    let status = 200;
    let reason: string | undefined;
    const headers: Record<string, string[]> = {};
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        const m = /^(\d{3})\s*(.*)$/.exec(value);
        if (m !== null) {
          status = Number(m[1]);
          reason = m[2] || undefined;
        }
      } else {
        (headers[name] ??= []).push(value);
      }
    }
    const body = head.subarray(end + sep);
    head = undefined;
    if (reason === undefined) res.writeHead(status, headers);
    else res.writeHead(status, reason, headers);
    if (body.length > 0) res.write(body);
  });
  child.on('error', (err) => fail(502, `cannot run git http-backend: ${err.message}`));
  child.on('close', (code) => {
    children.delete(child);
    if (head !== undefined) fail(502, `git http-backend gave no response (exit ${code}): ${stderr.trim()}`);
    else res.end();
  });
}

// ---------------------------------------------------------------------------------------------
// ssh

/** An sshd that lets the current user in with a key of its own. */
export interface SshServer {
  port: number;
  /** The login name for `ssh://<user>@127.0.0.1:<port>/abs/path.git`. */
  user: string;
  /** For GIT_SSH_COMMAND: the client key, no known_hosts, never a prompt. */
  sshCommand: string;
  close(): Promise<void>;
}

/** Starts `/usr/sbin/sshd -D -e` on 127.0.0.1; `gitRoot` is informational (URLs use absolute paths). */
export async function startSshServer(_opts: { gitRoot: string }): Promise<SshServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sct-sshd-'));
  let daemon: Daemon | undefined;
  try {
    const hostKey = join(dir, 'hostkey');
    const clientKey = join(dir, 'clientkey');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sct-host', '-f', hostKey]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sct-client', '-f', clientKey]);
    const authorizedKeys = join(dir, 'authorized_keys');
    await writeFile(authorizedKeys, await readFile(`${clientKey}.pub`, 'utf8'), { mode: 0o600 });
    // sshd refuses to start without its privilege-separation directory (systemd makes it normally).
    if (!existsSync('/run/sshd')) {
      await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
      await chmod('/run/sshd', 0o755);
    }
    const port = await freePort();
    const user = userInfo().username;
    const config = join(dir, 'sshd_config');
    await writeFile(
      config,
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        `AllowUsers ${user}`,
        'StrictModes no',
        'UsePAM no',
        `PidFile ${join(dir, 'sshd.pid')}`,
        // git asks for protocol v2 through this variable, as it does with real hosts.
        'AcceptEnv GIT_PROTOCOL',
        'PrintMotd no',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    // sshd re-executes itself, so it must be started by its absolute path.
    const started = startDaemon(SSHD, ['-D', '-e', '-f', config]);
    daemon = started;
    await waitUntil(`sshd on 127.0.0.1:${port}`, started, () => accepts(port));
    const sshCommand = [
      'ssh',
      '-i',
      shellQuote(clientKey),
      '-o IdentitiesOnly=yes',
      '-o StrictHostKeyChecking=no',
      '-o UserKnownHostsFile=/dev/null',
      '-o BatchMode=yes',
      '-o LogLevel=ERROR',
    ].join(' ');
    let closed: Promise<void> | undefined;
    return {
      port,
      user,
      sshCommand,
      close: () => (closed ??= started.stop().then(() => removeQuietly(dir))),
    };
  } catch (err) {
    await daemon?.stop();
    await removeQuietly(dir);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// OCI registry

/** One file of an artefact: a layer named by the org.opencontainers.image.title annotation. */
export interface ArtefactLayer {
  title: string;
  content: string | Buffer;
  mediaType?: string;
}

/** A docker-registry (distribution 2.8) with filesystem storage in a temp dir. */
export interface Registry {
  /** `127.0.0.1:<port>`, plain HTTP. */
  host: string;
  /** Uploads the blobs and puts an OCI image manifest under `tag`; its digest is of the bytes sent. */
  push(
    repo: string,
    tag: string,
    layers: ArtefactLayer[],
    opts?: { configMediaType?: string },
  ): Promise<{ digest: string }>;
  close(): Promise<void>;
}

/** Starts `docker-registry serve` on 127.0.0.1 and waits until `GET /v2/` answers 200. */
export async function startRegistry(): Promise<Registry> {
  const dir = await mkdtemp(join(tmpdir(), 'sct-registry-'));
  let daemon: Daemon | undefined;
  try {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const config = join(dir, 'config.yml');
    // JSON strings are YAML strings: safe for any temp path.
    await writeFile(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${JSON.stringify(join(dir, 'data'))}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: ${JSON.stringify(host)}`,
        '',
      ].join('\n'),
    );
    // REGISTRY_* variables override the config file; none of the caller's may.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
    const started = startDaemon(REGISTRY, ['serve', config], env);
    daemon = started;
    const base = `http://${host}`;
    await waitUntil(`docker-registry on ${host}`, started, async () => {
      try {
        const res = await fetch(`${base}/v2/`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        return res.status === 200;
      } catch {
        return false;
      }
    });
    let closed: Promise<void> | undefined;
    return {
      host,
      push: (repo, tag, layers, opts = {}) => pushArtefact(base, repo, tag, layers, opts.configMediaType),
      close: () => (closed ??= started.stop().then(() => removeQuietly(dir))),
    };
  } catch (err) {
    await daemon?.stop();
    await removeQuietly(dir);
    throw err;
  }
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function expectStatus(res: Response, status: number, what: string): Promise<void> {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status}: ${(await res.text()).trim()}`);
  }
  await res.arrayBuffer();
}

async function uploadBlob(base: string, repo: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = sha256(bytes);
  const started = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(started, 202, `starting an upload to ${repo}`);
  const location = started.headers.get('location');
  if (location === null) throw new Error(`the upload to ${repo} has no Location`);
  // The Location may be relative and may already carry a query (distribution's _state).
  const target = new URL(location, base);
  target.searchParams.set('digest', digest);
  const put = await fetch(target, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  await expectStatus(put, 201, `uploading ${digest} to ${repo}`);
  return { mediaType, digest, size: bytes.length };
}

async function pushArtefact(
  base: string,
  repo: string,
  tag: string,
  layers: ArtefactLayer[],
  configMediaType = DEFAULT_CONFIG_MEDIA_TYPE,
): Promise<{ digest: string }> {
  const config = await uploadBlob(base, repo, Buffer.from('{}'), configMediaType);
  const descriptors: Descriptor[] = [];
  for (const layer of layers) {
    const bytes = typeof layer.content === 'string' ? Buffer.from(layer.content) : layer.content;
    const d = await uploadBlob(base, repo, bytes, layer.mediaType ?? DEFAULT_LAYER_MEDIA_TYPE);
    descriptors.push({ ...d, annotations: { 'org.opencontainers.image.title': layer.title } });
  }
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: descriptors }),
  );
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': OCI_MANIFEST },
    body: manifest,
  });
  await expectStatus(res, 201, `putting the manifest ${repo}:${tag}`);
  const digest = sha256(manifest);
  const answered = res.headers.get('docker-content-digest');
  if (answered !== null && answered !== digest) {
    throw new Error(`the registry stored ${repo}:${tag} as ${answered}, not ${digest}`);
  }
  return { digest };
}
