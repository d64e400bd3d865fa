// Compose files safe to commit, as a user meets them: `init` ignores what must not be committed,
// `generate` leaves no secret in compose.yaml or in a readable file, and the same files bring the
// stack up under `docker compose up --wait` and under our `up`, with the workload using the
// injected credentials (a postgres query as the provisioned user; redis that needs its password).
import { execFile } from 'node:child_process';
import { cp, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';
import { REPO_ROOT, runIn, tempProject } from '../helpers/cli.js';
import { encodedForms, exposedSecrets, stateSecrets } from '../helpers/secret-scan.js';
import { docker, ensureImages, leftovers, ok, StackProjects, type StackProject } from '../helpers/stack-project.js';
import { readmeCommands } from '../helpers/shell-words.js';

const run = promisify(execFile);

async function compose(p: StackProject, ...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['compose', '-p', p.name, ...args], { cwd: p.dir, timeout: 150_000 });
  return stdout;
}

/** Polls `read` until its text contains `expected` (a process writes its log after it started), at most ~60 s. */
async function eventually(read: () => Promise<string>, expected: string): Promise<string> {
  let text = '';
  for (let i = 0; i < 120; i++) {
    text = await read();
    if (text.includes(expected)) return text;
    await new Promise((r) => setTimeout(r, 500));
  }
  return text;
}

/** The ids of the project's containers that match `filter` (a `docker ps --filter`), one per line. */
function containersOf(p: StackProject, filter: string): string {
  return docker('ps', '-q', '--filter', `label=com.docker.compose.project=${p.name}`, '--filter', filter).trim();
}

/** A project made from one of our examples: its files, `init --project`, then its README's generate steps. */
async function fromExample(projects: StackProjects, example: string): Promise<StackProject> {
  const p = await projects.create(example.slice(0, 6), {});
  await cp(join(REPO_ROOT, 'examples', example), p.dir, { recursive: true });
  const readme = readmeCommands(await readFile(join(p.dir, 'README.md'), 'utf8'));
  for (const argv of readme.filter((a) => a[0] === 'generate')) ok(await p.run(argv), argv.join(' '));
  return p;
}

describeE2E('secrets out of compose.yaml (CLI, docker compose, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(
    () => ensureImages(['mirror.gcr.io/postgres:17-alpine', 'mirror.gcr.io/redis:7-alpine', 'alpine:latest']),
    900_000,
  );
  afterAll(() => projects.cleanup());

  it('init ignores .env and .score-compose/; the sample generates with no secret exposed', async () => {
    const dir = await tempProject('secrets-sample');
    const init = await runIn(dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toMatch(/Added \.score-compose\/ and \.env to \.gitignore/);
    expect((await readFile(join(dir, '.gitignore'), 'utf8')).split('\n')).toEqual(
      expect.arrayContaining(['.score-compose/', '.env']),
    );
    // Running init again adds nothing twice.
    const again = await runIn(dir, ['init']);
    expect(again.stderr).not.toContain('.gitignore');
    const gen = await runIn(dir, ['generate', 'score.yaml']);
    expect(gen.code, gen.stderr).toBe(0);
    const secrets = await stateSecrets(dir);
    expect(secrets.length).toBeGreaterThanOrEqual(2); // the database user's and the server's
    expect(await exposedSecrets(dir, secrets)).toEqual([]);
    expect((await stat(join(dir, '.env'))).mode & 0o777).toBe(0o600);
    for (const form of secrets.flatMap(encodedForms)) expect(gen.stderr).not.toContain(form);
  });

  it('09-postgres: docker compose up --wait and our up both run the query with the injected credentials', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const p = await fromExample(projects, '09-postgres');
    const secrets = await stateSecrets(p.dir);
    expect(await exposedSecrets(p.dir, secrets)).toEqual([]);
    const outputs = JSON.parse(
      ok(await p.run(['resources', 'get-outputs', 'postgres.default#orders.db']), 'outputs').stdout,
    ) as {
      username: string;
      password: string;
    };
    expect(secrets).toContain(outputs.password);
    expect(await readFile(join(p.dir, 'compose.yaml'), 'utf8')).toContain('PGPASSWORD: ${');

    // Without the .env (a fresh clone before its first generate) compose stops and says what to do.
    await rename(join(p.dir, '.env'), join(p.dir, '..', 'env-aside'));
    const missing = await compose(p, 'config', '-q').then(
      () => 'accepted',
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(missing).toMatch(
      /required variable \w+ is missing a value: run score-compose generate to write it to \.env/,
    );
    await rename(join(p.dir, '..', 'env-aside'), join(p.dir, '.env'));

    // docker compose, with no flag: it reads the .env beside compose.yaml.
    await compose(p, 'up', '-d', '--wait', '--wait-timeout', '120');
    const theirs = await eventually(() => compose(p, 'logs', 'orders-api', '--no-color'), outputs.username);
    expect(theirs).toContain(outputs.username);
    await compose(p, 'down', '-v', '-t', '2');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });

    // Ours, from the same files.
    ok(await p.run(['up', '--wait-timeout', '120']), 'up');
    const ours = await eventually(
      async () => (await p.run(['logs', 'orders-api', '--no-color'])).stdout,
      outputs.username,
    );
    expect(ours).toContain(outputs.username);
    // The password the container got is the one in the state, though compose.yaml does not hold it.
    const id = containersOf(p, 'label=com.docker.compose.service=orders-api');
    expect(docker('inspect', id, '--format', '{{json .Config.Env}}')).toContain(`PGPASSWORD=${outputs.password}`);
    ok(await p.run(['down', '-v']), 'down');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 400_000);

  it('11-shared-redis: the server needs its password, which reaches both workloads and the healthcheck', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const p = await fromExample(projects, '11-shared-redis');
    const secrets = await stateSecrets(p.dir);
    expect(await exposedSecrets(p.dir, secrets)).toEqual([]);

    for (const tool of ['docker compose', 'score-compose'] as const) {
      if (tool === 'docker compose') await compose(p, 'up', '-d', '--wait', '--wait-timeout', '120');
      else ok(await p.run(['up', '--wait-timeout', '120']), 'up');
      // The consumer popped the producer's job: both authenticated with the injected password.
      const logs = () =>
        tool === 'docker compose'
          ? compose(p, 'logs', 'consumer-main', '--no-color')
          : p.run(['logs', 'consumer-main', '--no-color']).then((r) => r.stdout);
      expect(await eventually(logs, 'hello'), tool).toContain('hello');
      // Without the password the server refuses (the healthcheck passed, so it had it).
      const redis = containersOf(p, 'health=healthy');
      expect(redis, tool).not.toBe('');
      const server = docker('ps', '--filter', `label=com.docker.compose.project=${p.name}`, '--format', '{{.Names}}')
        .split('\n')
        .find((n) => /redis-/.test(n))!;
      const noAuth = await run('docker', ['exec', '-e', 'REDISCLI_AUTH=', server, 'redis-cli', 'lpush', 'x', 'y'])
        .then((r) => r.stdout + r.stderr)
        .catch((e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
      expect(noAuth, tool).toMatch(/NOAUTH/);
      if (tool === 'docker compose') await compose(p, 'down', '-v', '-t', '2');
      else ok(await p.run(['down', '-v']), 'down');
      expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
    }
  }, 500_000);
});
