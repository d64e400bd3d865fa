import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskCredentials, parseGitUri } from '../../../src/provisioners/sources/git.js';
import { parseOciUri, readOciFile } from '../../../src/provisioners/sources/oci.js';
import { registryCredentials } from '../../../src/provisioners/sources/registry-auth.js';

describe('git URIs', () => {
  it('splits the remote from the path in the repository, keeps credentials and the ref', () => {
    expect(parseGitUri('git-https://github.com/org/repo.git/dir/file.yaml')).toEqual({
      remote: 'https://github.com/org/repo.git',
      path: 'dir/file.yaml',
      display: 'git-https://github.com/org/repo.git/dir/file.yaml',
    });
    expect(parseGitUri('git-ssh://git@example.com:2222/org/repo.git/dir/?ref=v1.2')).toEqual({
      remote: 'ssh://git@example.com:2222/org/repo.git',
      path: 'dir',
      ref: 'v1.2',
      display: 'git-ssh://git@example.com:2222/org/repo.git/dir/?ref=v1.2',
    });
    const withToken = parseGitUri('git-https://me:s3cret@host/o/r.git/p.yaml');
    expect(withToken.remote).toBe('https://me:s3cret@host/o/r.git');
    expect(withToken.display).toBe('git-https://me:***@host/o/r.git/p.yaml');
    expect(maskCredentials('https://me:tok@host/x')).toBe('https://me:***@host/x');
  });

  it('refuses what it cannot read, naming the form', () => {
    for (const [uri, why] of [
      ['git-https://github.com/org/repo/path', 'expected a path with'],
      ['git-https://github.com/org/repo.git/', 'expected a path with'],
      ['git-https://host/.git/file', 'expected a path with'],
      ['git-https://host/o/r.git/a%2F..%2F..%2Fetc/passwd', 'not a plain path'],
      ['git-https://host/o/r.git/f.yaml?branch=x', "unknown query parameter 'branch'"],
      ['git-https://host/o/r.git/f.yaml?ref=-x', 'is not a branch, tag or commit name'],
      ['git-https://host/o/r.git/f.yaml#frag', 'fragment'],
      ['git-https://me:pw@host/o/r/f.yaml', 'git-https://me:***@host/o/r/f.yaml'],
    ] as const) {
      expect(() => parseGitUri(uri), uri).toThrow(why);
    }
  });
});

describe('OCI references', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it('reads the registry, repository, tag or digest and file, with latest by default', () => {
    expect(parseOciUri('oci://ghcr.io/score-spec/provisioners')).toEqual({
      registry: 'ghcr.io',
      repository: 'score-spec/provisioners',
      reference: 'latest',
    });
    expect(parseOciUri('oci://localhost:5000/p:1.0#10-service.provisioners.yaml')).toEqual({
      registry: 'localhost:5000',
      repository: 'p',
      reference: '1.0',
      file: '10-service.provisioners.yaml',
    });
    expect(parseOciUri(`oci://127.0.0.1:5000/a/b@${digest}`).reference).toBe(digest);
  });

  it('refuses malformed references', () => {
    for (const [uri, why] of [
      ['oci://ghcr.io', 'expected oci://<registry>/<repository>'],
      ['oci://ghcr.io/Upper/case', 'is not a repository name'],
      ['oci://ghcr.io/p:bad tag', 'is not a tag'],
      ['oci://ghcr.io/p@sha256:short', 'is not a digest'],
      ['oci://ghcr.io/p#', 'names no file'],
      ['oci://bad_host!/p', 'is not a registry host'],
    ] as const) {
      expect(() => parseOciUri(uri), uri).toThrow(why);
    }
  });
});

describe('registry credentials', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sct-regauth-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads auths entries, a per-registry helper and the default store, as docker does', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // A credential helper speaks JSON on stdout for the host given on stdin.
    const helper = join(bin, 'docker-credential-fake');
    await writeFile(
      helper,
      '#!/bin/sh\nread host\n[ "$1" = get ] || exit 1\ncase "$host" in\n  helped.example|stored.example) printf \'{"Username":"u-%s","Secret":"pw"}\' "$host" ;;\n  *) echo "credentials not found" >&2; exit 1 ;;\nesac\n',
    );
    await chmod(helper, 0o755);
    const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    const auth = Buffer.from('alice:open sesame').toString('base64');
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: { 'https://inline.example/v1/': { auth }, 'plain.example:5000': {} },
        credHelpers: { 'helped.example': 'fake' },
        credsStore: 'fake',
      }),
    );
    expect(await registryCredentials('inline.example', env)).toEqual({ username: 'alice', password: 'open sesame' });
    expect(await registryCredentials('helped.example', env)).toEqual({ username: 'u-helped.example', password: 'pw' });
    expect(await registryCredentials('stored.example', env)).toEqual({ username: 'u-stored.example', password: 'pw' });
    expect(await registryCredentials('elsewhere.example', env)).toBeUndefined();
    expect(await registryCredentials('x', { DOCKER_CONFIG: join(dir, 'none') })).toBeUndefined();
  });
});

describe('readOciFile against a registry that wants a token', () => {
  // The real registry (Debian's docker-registry) is in test/e2e/provisioner-sources.test.ts; this
  // one plays the token dance that public registries use, which that registry does not.
  const content = '- uri: template://x\n  type: thing\n  outputs: "a: 1"\n';
  const blobDigest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: 'sha256:x', size: 2 },
    layers: [
      {
        mediaType: 'text/yaml',
        digest: blobDigest,
        size: content.length,
        annotations: { 'org.opencontainers.image.title': 'a.yaml' },
      },
      {
        mediaType: 'text/yaml',
        digest: blobDigest,
        size: content.length,
        annotations: { 'org.opencontainers.image.title': 'b.yaml' },
      },
    ],
  };
  let base: string;
  let close: () => Promise<void>;
  const seen: string[] = [];
  let blobBody = content;
  beforeEach(async () => {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      const host = req.headers.host!;
      if (req.url?.startsWith('/token')) {
        const url = new URL(req.url, `http://${host}`);
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ token: `tok:${url.searchParams.get('scope')}` }));
      }
      if (req.headers.authorization !== 'Bearer tok:repository:org/p:pull') {
        res.statusCode = 401;
        res.setHeader(
          'www-authenticate',
          `Bearer realm="http://${host}/token",service="${host}",scope="repository:org/p:pull"`,
        );
        return res.end();
      }
      if (req.url === '/v2/org/p/manifests/1.0') {
        res.setHeader('content-type', manifest.mediaType);
        return res.end(JSON.stringify(manifest));
      }
      if (req.url === `/v2/org/p/blobs/${blobDigest}`) return res.end(blobBody);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `oci://127.0.0.1:${(server.address() as AddressInfo).port}/org/p`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterEach(() => close());
  const opts = { timeoutMs: 5_000, maxBytes: 1024 * 1024, env: { DOCKER_CONFIG: '/nonexistent' } };

  it('gets a token from the realm for the repository, then the named file, checked against its digest', async () => {
    blobBody = content;
    const file = await readOciFile(`${base}:1.0#b.yaml`, opts);
    expect(file.bytes.toString('utf8')).toBe(content);
    expect(seen).toContain(`/v2/org/p/manifests/1.0 Bearer tok:repository:org/p:pull`);
    await expect(readOciFile(`${base}:1.0`, opts)).rejects.toThrow('the artefact holds 2 .yaml files');
    await expect(readOciFile(`${base}:1.0#c.yaml`, opts)).rejects.toThrow("no file 'c.yaml' in the artefact");
    await expect(readOciFile(`${base}:2.0#a.yaml`, opts)).rejects.toThrow('org/p:2.0 not found on 127.0.0.1');
    blobBody = content.replace('1', '2');
    await expect(readOciFile(`${base}:1.0#a.yaml`, opts)).rejects.toThrow('a.yaml does not match its digest');
  });
});
