// The stack of the inner-loop benchmark (bench/inner-loop-stack.mjs), brought up once by each
// tool against a real engine: both serve the pages the benchmark waits for, so its timings time
// the change they claim to. Needs the built CLI (the benchmark runs it); no timing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  cliOk,
  COMPOSE_WATCH_FILE,
  endpoints,
  INITIAL,
  INNER_LOOP_IMAGES,
  prepareStack,
  SCORE_ARGS,
  served,
  waitForBody,
  type PreparedStack,
} from '../../bench/inner-loop-stack.mjs';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';
import { docker, ensureImages, freePort, sweep, uniqueProjectName } from '../helpers/stack-project.js';

const CLI = join(REPO_ROOT, 'bin', 'score-compose.js');

/** What the three pages serve, once each answers (the router may take a moment to resolve a new container). */
async function pages(stack: PreparedStack): Promise<Record<string, string | undefined>> {
  const ep = endpoints(stack);
  const out: Record<string, string | undefined> = {};
  for (const [key, endpoint] of Object.entries(ep)) {
    await waitForBody(stack, endpoint, undefined, { timeoutMs: 30_000 });
    out[key] = await served(stack, endpoint);
  }
  return out;
}

describeE2E('the inner-loop benchmark stack (bench/inner-loop-stack.mjs, real engine)', () => {
  const names: string[] = [];

  beforeAll(() => ensureImages(INNER_LOOP_IMAGES), 900_000);
  afterAll(() => {
    for (const name of names.splice(0)) {
      sweep(name);
      const images = docker('images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${name}-*`)
        .split('\n')
        .filter(Boolean);
      if (images.length > 0) spawnSync('docker', ['image', 'rm', '-f', ...images], { stdio: 'ignore' });
    }
  });

  it('ours and the compose copy serve the same pages; the copy syncs index.html and rebuilds app/', async (ctx) => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'cli-bundle'))) skipOrFail(ctx, 'the CLI is not built (npm run build)');
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const expected = { index: INITIAL.index, greeting: INITIAL.greeting, app: INITIAL.app };

    const oursName = uniqueProjectName('ilbo');
    names.push(oursName);
    const ours = prepareStack({
      cli: CLI,
      dir: await tempProject(oursName),
      name: oursName,
      port: await freePort(),
      tool: 'ours',
    });
    cliOk(CLI, ours.dir, ['up', ...SCORE_ARGS, '--wait-timeout', '120']);
    expect(await pages(ours)).toEqual(expected);

    const composeName = uniqueProjectName('ilbc');
    names.push(composeName);
    const compose = prepareStack({
      cli: CLI,
      dir: await tempProject(composeName),
      name: composeName,
      port: await freePort(),
      tool: 'compose',
    });
    const file = join(compose.dir, COMPOSE_WATCH_FILE);
    docker('compose', '-f', file, 'up', '-d', '--wait', '--build');
    expect(await pages(compose)).toEqual(expected);

    // What compose watches: a sync of the served file (no longer bind-mounted over it) and a rebuild of app/.
    const config = JSON.parse(docker('compose', '-f', file, 'config', '--format', 'json')) as {
      services: Record<string, { develop?: { watch: unknown[] }; volumes?: { target: string }[] }>;
    };
    expect(config.services['web-main']?.develop?.watch).toMatchObject([
      { action: 'sync', path: join(compose.dir, 'site', 'index.html'), target: '/www/index.html' },
    ]);
    expect((config.services['web-main']?.volumes ?? []).map((v) => v.target)).not.toContain('/www/index.html');
    expect(config.services['app-main']?.develop?.watch).toMatchObject([
      { action: 'rebuild', path: join(compose.dir, 'app') },
    ]);
  }, 300_000);
});
