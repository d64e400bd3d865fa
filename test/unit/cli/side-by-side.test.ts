// The CLI switches for stacks side by side: a unique project name, ephemeral ports, --publish 0.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../../helpers/cli.js';
import { dnsAndRoute } from '../../helpers/stack-scores.js';

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: nginx
service:
  ports:
    http:
      port: 8080
      targetPort: 80
resources:
${dnsAndRoute(8080)}`;

async function generated(dir: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await runIn(dir, ['generate', 'score.yaml', ...argv], { env: { ...process.env, ...env } });
  expect(run.code, run.stderr).toBe(0);
  return readFile(join(dir, 'compose.yaml'), 'utf8');
}

describe('stacks side by side (CLI)', () => {
  it('init --unique-project gives each checkout its own project name', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const dir = await tempProject('shop', {});
      expect((await runIn(dir, ['init', '--no-sample', '--unique-project'])).code).toBe(0);
      const state = await readFile(join(dir, '.score-compose', 'state.yaml'), 'utf8');
      const name = /compose_project: (\S+)/.exec(state)?.[1] ?? '';
      expect(name).toMatch(/^shop[a-z0-9_-]*-[0-9a-f]{6}$/);
      names.add(name);
    }
    expect(names.size).toBe(2);
    const dir = await tempProject('shop', {});
    const both = await runIn(dir, ['init', '--unique-project', '--project', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--project and --unique-project cannot be combined');
  });

  it('--ephemeral-ports and SCORE_COMPOSE_EPHEMERAL_PORTS=1 leave every host port to the engine', async () => {
    const dir = await tempProject('eph', { 'score.yaml': SCORE });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const fixed = await generated(dir, ['--publish', '9000:web:80']);
    expect(fixed).toContain('published: "8080"'); // the router
    expect(fixed).toContain('published: "9000"');
    for (const [argv, env] of [
      [['--ephemeral-ports', '--publish', '9000:web:80'], {}],
      [['--publish', '9000:web:80'], { SCORE_COMPOSE_EPHEMERAL_PORTS: '1' }],
    ] as const) {
      const text = await generated(dir, [...argv], env);
      expect(text).not.toContain('published:');
      expect(text).toMatch(/ports:\n\s+- target: 80\n/);
    }
  });

  it('--publish 0:<ref>:<port> asks the engine for a port', async () => {
    const dir = await tempProject('pub0', { 'score.yaml': SCORE });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const run = await runIn(dir, ['generate', 'score.yaml', '--publish', '0:web:80']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("Published port 80 of service 'web-main' to a host port the engine picks");
  });
});
