// `init --provisioners` and `--patch-templates` from git repositories (git's own HTTP backend
// behind TLS, and OpenSSH) and from an OCI registry (Debian's docker-registry), all real servers on
// 127.0.0.1, then `generate` with what was installed: what a team does with a shared repository of
// provisioners or a published artefact.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runIn, tempProject } from '../helpers/cli.js';
import { e2eRequired } from '../helpers/docker-env.js';
import {
  createGitRepo,
  sourceServersProblem,
  startGitHttpServer,
  startRegistry,
  startSshServer,
} from '../helpers/source-servers.js';

const problem = sourceServersProblem();

/** A provisioner file whose `thing` resource says which version of the file made it. */
const provisioners = (version: string) => `- uri: template://team/thing
  type: thing
  outputs: |
    made-by: ${version}
`;
const OTHER = `- uri: template://team/other
  type: other
  outputs: |
    kind: other
`;
// score-compose's own style of patch template (Go): label every workload's services.
const PATCH = `{{ range $name, $spec := .Workloads }}
- op: set
  path: services.{{ $name }}-main.labels.patched-by
  value: the-team-repo
{{ end }}
`;
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox:latest
    variables:
      MADE_BY: \${resources.thing.made-by}
resources:
  thing:
    type: thing
`;

const ok = (run: CliRun, what: string) => {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}\n${run.stderr}`);
  return run;
};

/** `init` with these sources, then `generate`; the compose file. */
async function initAndGenerate(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await tempProject('src', { 'score.yaml': SCORE });
  ok(await runIn(dir, ['init', '--no-sample', ...args], { env }), `init ${args.join(' ')}`);
  ok(await runIn(dir, ['generate', 'score.yaml'], { env }), 'generate');
  const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
  await rm(dir, { recursive: true, force: true });
  return compose;
}

if (problem !== undefined && e2eRequired()) {
  it('has git, OpenSSH and docker-registry (scripts/install-docker.sh installs them)', () => {
    throw new Error(`${problem}; SCORE_COMPOSE_E2E=require makes this a failure`);
  });
} else if (problem !== undefined) {
  console.warn(`[e2e] skipping the provisioner source tests: ${problem}`);
}

describe.skipIf(problem !== undefined)('provisioner sources from git and OCI (real servers)', () => {
  let closers: (() => Promise<void>)[] = [];
  let httpsBase: string;
  let sshBase: string;
  let registryHost: string;
  let env: NodeJS.ProcessEnv;
  let v1Commit: string;

  beforeAll(async () => {
    const repo = await createGitRepo(
      {
        'score-compose/10-thing.provisioners.yaml': provisioners('v1'),
        'score-compose/20-other.provisioners.yaml': OTHER,
        'score-compose/notes/README.md': 'not a provisioner, in a subdirectory',
        'patches/label.tpl': PATCH,
      },
      { tag: 'v1', secondCommit: { 'score-compose/10-thing.provisioners.yaml': provisioners('v2') } },
    );
    closers.push(repo.close);
    v1Commit = execFileSync('git', ['-C', repo.bare, 'rev-parse', 'v1^{commit}'], { encoding: 'utf8' }).trim();
    const http = await startGitHttpServer(repo.root);
    closers.push(http.close);
    // git-https:// means HTTPS: git's backend sits behind TLS with a certificate made for this test.
    const certs = await mkdtemp(join(tmpdir(), 'sct-tls-'));
    closers.push(() => rm(certs, { recursive: true, force: true }));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(certs, 'key.pem'), '-out', join(certs, 'cert.pem'),
    ], { stdio: 'ignore' }); // prettier-ignore
    const httpPort = Number(new URL(http.url).port);
    const tls: Server = createTlsServer(
      { key: await readFile(join(certs, 'key.pem')), cert: await readFile(join(certs, 'cert.pem')) },
      (socket) => {
        const upstream = connect(httpPort, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        const end = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', end);
        upstream.on('error', end);
      },
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => tls.close(() => r())));
    const tlsPort = (tls.address() as { port: number }).port;
    httpsBase = `git-https://127.0.0.1:${tlsPort}/repos/${repo.bare.split('/').pop()!}`;

    const ssh = await startSshServer({ gitRoot: repo.root });
    closers.push(ssh.close);
    sshBase = `git-ssh://${ssh.user}@127.0.0.1:${ssh.port}${repo.bare}`;

    const registry = await startRegistry();
    closers.push(registry.close);
    registryHost = registry.host;
    await registry.push('team/provisioners', '1.0', [
      { title: '10-thing.provisioners.yaml', content: provisioners('oci') },
      { title: '20-other.provisioners.yaml', content: OTHER },
    ]);
    await registry.push('team/single', 'latest', [
      { title: 'thing.provisioners.yaml', content: provisioners('oci-single') },
      { title: 'README.md', content: 'not yaml' },
    ]);

    env = { ...process.env, GIT_SSL_CAINFO: join(certs, 'cert.pem'), GIT_SSH_COMMAND: ssh.sshCommand };
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    closers = [];
  });

  it('git-https: a file at HEAD, at a tag, at a commit, a whole directory, and a patch template', async () => {
    const file = `${httpsBase}/score-compose/10-thing.provisioners.yaml`;
    expect(await initAndGenerate(['--provisioners', file], env)).toContain('MADE_BY: v2');
    expect(await initAndGenerate(['--provisioners', `${file}?ref=v1`], env)).toContain('MADE_BY: v1');
    expect(v1Commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await initAndGenerate(['--provisioners', `${file}?ref=${v1Commit}`], env)).toContain('MADE_BY: v1');

    const dir = await tempProject('src', { 'score.yaml': SCORE });
    const init = ok(
      await runIn(
        dir,
        [
          'init',
          '--no-sample',
          '--provisioners',
          `${httpsBase}/score-compose/`,
          '--patch-templates',
          `${httpsBase}/patches/label.tpl`,
        ],
        { env },
      ),
      'init from a directory',
    );
    expect(init.stderr).not.toContain('README');
    ok(await runIn(dir, ['generate', 'score.yaml'], { env }), 'generate');
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toContain('MADE_BY: v2');
    expect(compose).toContain('patched-by: the-team-repo');
    const listed = ok(await runIn(dir, ['provisioners', 'list', '--format', 'json'], { env }), 'list');
    const types = (JSON.parse(listed.stdout) as { Type: string }[]).map((p) => p.Type);
    expect(types).toEqual(expect.arrayContaining(['thing', 'other']));
    const installed = await readdir(join(dir, '.score-compose'));
    expect(installed.filter((f) => f.endsWith('.provisioners.yaml')).length).toBeGreaterThanOrEqual(3);
    await rm(dir, { recursive: true, force: true });
  });

  it('git-ssh: the same repository over OpenSSH, with the user’s GIT_SSH_COMMAND', async () => {
    const file = `${sshBase}/score-compose/10-thing.provisioners.yaml`;
    expect(await initAndGenerate(['--provisioners', file], env)).toContain('MADE_BY: v2');
    expect(await initAndGenerate(['--provisioners', `${file}?ref=v1`], env)).toContain('MADE_BY: v1');
  });

  it('oci: the file named after # in an artefact, the single .yaml file without it, and clear errors', async () => {
    const artefact = `oci://${registryHost}/team/provisioners:1.0`;
    expect(await initAndGenerate(['--provisioners', `${artefact}#10-thing.provisioners.yaml`], env)).toContain(
      'MADE_BY: oci',
    );
    expect(await initAndGenerate(['--provisioners', `oci://${registryHost}/team/single`], env)).toContain(
      'MADE_BY: oci-single',
    );
    const dir = await tempProject('src', { 'score.yaml': SCORE });
    const two = await runIn(dir, ['init', '--no-sample', '--provisioners', artefact], { env });
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('the artefact holds 2 .yaml files');
    expect(two.stderr).toContain(`${artefact}#20-other.provisioners.yaml`);
    const missing = await runIn(dir, ['init', '--no-sample', '--provisioners', `oci://${registryHost}/team/nope:1`], {
      env,
    });
    expect(missing.stderr).toContain('team/nope:1 not found');
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await rm(dir, { recursive: true, force: true });
  });

  it('a path the repository does not have, or a ref it does not know: a clear error and nothing installed', async () => {
    const dir = await tempProject('src', { 'score.yaml': SCORE });
    const missing = await runIn(dir, ['init', '--no-sample', '--provisioners', `${httpsBase}/nope.yaml`], { env });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("there is no 'nope.yaml'");
    const badRef = await runIn(
      dir,
      ['init', '--no-sample', '--provisioners', `${httpsBase}/score-compose/10-thing.provisioners.yaml?ref=v9`],
      { env },
    );
    expect(badRef.code).not.toBe(0);
    expect(badRef.stderr).toContain('fetching v9 failed');
    await expect(readdir(join(dir, '.score-compose'))).rejects.toThrow();
    await rm(dir, { recursive: true, force: true });
  });
});
