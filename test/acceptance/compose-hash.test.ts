// Our com.docker.compose.config-hash must be the one Docker Compose computes for the same
// service, so each tool takes the other's containers as up to date. Compose hashes the JSON of
// its normalised service; `docker compose config --format json` prints that same form (with
// `$` re-escaped as `$$`), so every service of real generated projects is compared with it.
import { execFileSync } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolateProject } from '../../src/compose/interpolate.js';
import { readProjectVariables } from '../../src/compose/project-env.js';
import type { ComposeProject } from '../../src/compose/types.js';
import { composeServiceJson } from '../../src/runtime/identity/config-hash.js';
import { REPO_ROOT, runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { composeAvailable, skipOrFail } from '../helpers/docker-env.js';
import { readmeCommands } from '../helpers/shell-words.js';

const CORPUS = corpusDir();

function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

async function generated(example: string, commands: string[][], dir: string): Promise<void> {
  await cp(example, dir, { recursive: true });
  for (const argv of commands) {
    const run = await runIn(dir, argv, { env: { ...process.env, NAME: 'someone' } });
    expect(run.code, run.stderr).toBe(0);
  }
}

const OURS = [
  '02-variables',
  '03-files',
  '04-multiple-containers',
  '05-volumes',
  '06-probes-and-limits',
  '09-postgres',
  '10-dns-and-route',
  '11-shared-redis',
  '12-workload-references',
];
const THEIRS = [
  '06-resource-provisioning',
  '08-service-port-resource',
  '10-amqp-rabbitmq',
  '11-mongodb-document-database',
  '12-mysql-database',
  '13-kafka-topic',
  '15-mssql-database',
  '09-dns-and-route',
  '04-multiple-workloads',
];

describe('config-hash compatible with docker compose', () => {
  const cases = [
    ...OURS.map((n) => ({ name: n, source: join(REPO_ROOT, 'examples', n), readme: true })),
    ...THEIRS.map((n) => ({ name: n, source: join(CORPUS, 'score-compose/examples', n), readme: false })),
  ];
  for (const c of cases) {
    it(
      c.name,
      async (ctx) => {
        // Without compose there is nothing to compare with: skipped (a failure under CI's require mode).
        if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
        const dir = await tempProject(c.name);
        const commands = c.readme
          ? readmeCommands(await readFile(join(c.source, 'README.md'), 'utf8'))
          : (await readFile(join(c.source, 'TEST_COMMANDS.research.txt'), 'utf8'))
              .split('\n')
              .filter((l) => l.startsWith('score-compose '))
              .map((l) => l.split(' ').slice(1));
        await generated(c.source, commands, dir);
        const env: Record<string, string | undefined> = { ...process.env, NAME: 'someone' };
        // As compose reads it: the environment, then the .env beside the file (the secrets).
        const ours = interpolateProject(
          parse(await readFile(join(dir, 'compose.yaml'), 'utf8')) as ComposeProject,
          readProjectVariables(dir, env),
        );
        const theirs = JSON.parse(
          execFileSync('docker', ['compose', 'config', '--format', 'json'], { cwd: dir, env, encoding: 'utf8' }),
        ) as { services: Record<string, unknown> };
        for (const [name, svc] of Object.entries(ours.services)) {
          // compose prints `$` escaped again as `$$`; it hashes the unescaped value.
          const expected = goJson(JSON.parse(JSON.stringify(theirs.services[name]).replaceAll('$$', '$')));
          expect(composeServiceJson(svc, dir), `service ${name}`).toBe(expected);
        }
      },
      60_000,
    );
  }
});
