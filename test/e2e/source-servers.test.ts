// The servers of test/helpers/source-servers.ts against the real clients: git over smart HTTP
// and over ssh, and plain HTTP calls to the registry. No Docker engine needed.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eRequired } from '../helpers/docker-env.js';
import {
  createGitRepo,
  type GitHttpServer,
  type GitRepo,
  type Registry,
  type SshServer,
  sourceServersProblem,
  startGitHttpServer,
  startRegistry,
  startSshServer,
} from '../helpers/source-servers.js';

const SUITE = 'source servers (git HTTP, sshd, OCI registry)';
const problem = sourceServersProblem();

if (problem !== undefined && !e2eRequired()) {
  console.warn(`[e2e] skipping "${SUITE}": ${problem}`);
}
if (problem !== undefined && e2eRequired()) {
  it('has git, sshd and docker-registry (SCORE_COMPOSE_E2E=require)', () => {
    throw new Error(`${problem}; SCORE_COMPOSE_E2E=require makes this a failure`);
  });
}

const FIRST = {
  'redis.provisioners.yaml': '- uri: template://redis\n  type: redis\n',
  'nested/dir/extra.provisioners.yaml': '- uri: template://extra\n  type: extra\n',
};
const SECOND = { 'redis.provisioners.yaml': '- uri: template://redis-v2\n  type: redis\n' };

/** Runs git; resolves with its exit code and output (never rejects on a failing git). */
function git(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(problem !== undefined)(SUITE, () => {
  let repo: GitRepo;
  let scratch = '';

  beforeAll(async () => {
    repo = await createGitRepo(FIRST, { tag: 'v1.0.0', secondCommit: SECOND });
    scratch = await mkdtemp(join(tmpdir(), 'sct-source-servers-'));
  });
  afterAll(async () => {
    await repo?.close();
    if (scratch !== '') await rm(scratch, { recursive: true, force: true });
  });

  it('builds a bare repository on main with the tag one commit behind', async () => {
    expect(repo.bare).toBe(join(repo.root, 'repos', 'provisioners.git'));
    const head = await git(['--git-dir', repo.bare, 'symbolic-ref', 'HEAD']);
    expect(head.stdout.trim()).toBe('refs/heads/main');
    const tagged = await git(['--git-dir', repo.bare, 'rev-parse', 'v1.0.0^{commit}']);
    const parent = await git(['--git-dir', repo.bare, 'rev-parse', 'main~1']);
    expect(tagged.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(tagged.stdout.trim()).toBe(parent.stdout.trim());
    const old = await git(['--git-dir', repo.bare, 'show', 'v1.0.0:redis.provisioners.yaml']);
    expect(old.stdout).toBe(FIRST['redis.provisioners.yaml']);
  });

  describe('git smart HTTP', () => {
    let server: GitHttpServer;
    beforeAll(async () => {
      server = await startGitHttpServer(repo.root);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('clones HEAD and the tag through git http-backend', async () => {
      const url = `${server.url}/repos/provisioners.git`;
      const head = join(scratch, 'http-head');
      const cloned = await git(['clone', '-q', url, head]);
      expect(cloned.stderr).toBe('');
      expect(cloned.code).toBe(0);
      expect(await readFile(join(head, 'redis.provisioners.yaml'), 'utf8')).toBe(SECOND['redis.provisioners.yaml']);
      expect(await readFile(join(head, 'nested/dir/extra.provisioners.yaml'), 'utf8')).toBe(
        FIRST['nested/dir/extra.provisioners.yaml'],
      );

      const tag = join(scratch, 'http-tag');
      const shallow = await git(['clone', '-q', '--depth', '1', '--branch', 'v1.0.0', url, tag]);
      expect(shallow.code, shallow.stderr).toBe(0);
      expect(await readFile(join(tag, 'redis.provisioners.yaml'), 'utf8')).toBe(FIRST['redis.provisioners.yaml']);

      expect(server.requests).toContain('GET /repos/provisioners.git/info/refs?service=git-upload-pack');
      expect(server.requests).toContain('POST /repos/provisioners.git/git-upload-pack');
    });

    it('speaks protocol v2 (the Git-Protocol header reaches the backend)', async () => {
      const url = `${server.url}/repos/provisioners.git`;
      const listed = await git(['-c', 'protocol.version=2', 'ls-remote', url], { GIT_TRACE_PACKET: '1' });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stderr).toMatch(/< version 2/);
      expect(listed.stdout).toMatch(/\trefs\/heads\/main\n/);
    });

    it('takes gzipped request bodies (a fetch with many haves)', async () => {
      const url = `${server.url}/repos/provisioners.git`;
      const local = join(scratch, 'http-gzip');
      expect((await git(['clone', '-q', url, local])).code).toBe(0);
      const inLocal = ['-C', local, '-c', 'user.name=t', '-c', 'user.email=t@example.test'];
      for (let i = 0; i < 150; i++) await git([...inLocal, 'commit', '-q', '--allow-empty', '-m', `local ${i}`]);
      // A new commit on another branch, so that the fetch negotiates and lists the local commits.
      const tree = (await git(['--git-dir', repo.bare, 'rev-parse', 'main^{tree}'])).stdout.trim();
      const made = await git(['--git-dir', repo.bare, 'commit-tree', '-p', 'main', '-m', 'later', tree], {
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.test',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.test',
      });
      const later = made.stdout.trim();
      expect((await git(['--git-dir', repo.bare, 'update-ref', 'refs/heads/later', later])).code).toBe(0);

      const trace = join(scratch, 'curl-trace.log');
      const fetched = await git([...inLocal, '-c', 'protocol.version=0', 'fetch', '-q', 'origin', 'later'], {
        GIT_TRACE_CURL: trace,
        GIT_TRACE_CURL_NO_DATA: '1',
      });
      expect(fetched.code, fetched.stderr).toBe(0);
      expect(await readFile(trace, 'utf8')).toMatch(/Send header: Content-Encoding: gzip/);
      expect((await git(['-C', local, 'rev-parse', 'FETCH_HEAD'])).stdout.trim()).toBe(later);
    });

    it('answers 404 (the CGI Status header) for a repository that does not exist', async () => {
      const res = await fetch(`${server.url}/repos/missing.git/info/refs?service=git-upload-pack`);
      await res.arrayBuffer();
      expect(res.status).toBe(404);
      const listed = await git(['ls-remote', `${server.url}/repos/missing.git`]);
      expect(listed.code).not.toBe(0);
      expect(listed.stderr).toMatch(/not found|404/i);
    });
  });

  describe('git over ssh', () => {
    let ssh: SshServer;
    beforeAll(async () => {
      ssh = await startSshServer({ gitRoot: repo.root });
    });
    afterAll(async () => {
      await ssh?.close();
    });

    it('lists main and the tag with the client key, and clones', async () => {
      const url = `ssh://${ssh.user}@127.0.0.1:${ssh.port}${repo.bare}`;
      const listed = await git(['ls-remote', url], { GIT_SSH_COMMAND: ssh.sshCommand });
      expect(listed.code, listed.stderr).toBe(0);
      const main = await git(['--git-dir', repo.bare, 'rev-parse', 'main']);
      expect(listed.stdout).toContain(`${main.stdout.trim()}\trefs/heads/main`);
      expect(listed.stdout).toMatch(/\trefs\/tags\/v1\.0\.0\n/);
      // sshd passes GIT_PROTOCOL on (AcceptEnv), as real hosts do.
      const v2 = await git(['-c', 'protocol.version=2', 'ls-remote', url], {
        GIT_SSH_COMMAND: ssh.sshCommand,
        GIT_TRACE_PACKET: '1',
      });
      expect(v2.code, v2.stderr).toBe(0);
      expect(v2.stderr).toMatch(/< version 2/);

      const dest = join(scratch, 'ssh-head');
      const cloned = await git(['clone', '-q', url, dest], { GIT_SSH_COMMAND: ssh.sshCommand });
      expect(cloned.code, cloned.stderr).toBe(0);
      expect(await readFile(join(dest, 'redis.provisioners.yaml'), 'utf8')).toBe(SECOND['redis.provisioners.yaml']);
    });

    it('refuses a client without the key', async () => {
      const url = `ssh://${ssh.user}@127.0.0.1:${ssh.port}${repo.bare}`;
      const keyless = ssh.sshCommand.replace(/-i \S+/, '-i /dev/null');
      expect(keyless).not.toBe(ssh.sshCommand);
      const listed = await git(['ls-remote', url], { GIT_SSH_COMMAND: keyless });
      expect(listed.code).not.toBe(0);
      expect(listed.stderr).toMatch(/permission denied/i);
    });
  });

  describe('OCI registry', () => {
    let registry: Registry;
    beforeAll(async () => {
      registry = await startRegistry();
    });
    afterAll(async () => {
      await registry?.close();
    });

    it('pushes an artefact whose manifest and blobs read back', async () => {
      const content = '- uri: template://from-oci\n  type: thing\n';
      const mediaType = 'application/vnd.score.provisioners.v1+yaml';
      const { digest } = await registry.push('score/provisioners', 'v1', [
        { title: 'thing.provisioners.yaml', content, mediaType },
        { title: 'README.md', content: Buffer.from('# readme\n') },
      ]);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

      const base = `http://${registry.host}/v2/score/provisioners`;
      const accept = { Accept: 'application/vnd.oci.image.manifest.v1+json' };
      const res = await fetch(`${base}/manifests/v1`, { headers: accept });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(res.headers.get('docker-content-digest')).toBe(digest);
      const manifest = (await res.json()) as {
        schemaVersion: number;
        config: { mediaType: string };
        layers: { mediaType: string; digest: string; size: number; annotations: Record<string, string> }[];
      };
      expect(manifest.schemaVersion).toBe(2);
      expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
      expect(manifest.layers.map((l) => l.annotations['org.opencontainers.image.title'])).toEqual([
        'thing.provisioners.yaml',
        'README.md',
      ]);
      expect(manifest.layers[0]!.mediaType).toBe(mediaType);
      expect(manifest.layers[1]!.mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
      expect(manifest.layers[0]!.size).toBe(Buffer.byteLength(content));

      const blob = await fetch(`${base}/blobs/${manifest.layers[0]!.digest}`);
      expect(blob.status).toBe(200);
      expect(await blob.text()).toBe(content);

      const byDigest = await fetch(`${base}/manifests/${digest}`, { headers: accept });
      expect(byDigest.status).toBe(200);
      expect(((await byDigest.json()) as typeof manifest).layers[0]!.digest).toBe(manifest.layers[0]!.digest);

      const missing = await fetch(`${base}/manifests/v2`, { headers: accept });
      await missing.arrayBuffer();
      expect(missing.status).toBe(404);
    });
  });
});
