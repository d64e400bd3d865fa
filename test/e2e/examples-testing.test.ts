// The test-suite examples (examples/testing) run as a user runs them, and leave nothing behind:
// `npx vitest run --config examples/testing/vitest/vitest.config.ts` and `node --test examples/testing/node-test/`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages } from '../helpers/stack-project.js';

function run(argv: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    // Colour codes go, whatever the child decided about colours.
    child.on('close', (code) => resolve({ code, output: output.replace(/\u001b\[[0-9;]*m/g, '') }));
  });
}

/** Projects of the examples' environments (named after the examples/testing directory). */
const exampleProjects = (): string[] =>
  docker('ps', '-a', '--format', '{{.Label "com.docker.compose.project"}}')
    .split('\n')
    .filter((p) => p.startsWith('testing-'));

describeE2E('examples/testing: test suites that start an environment (real engine)', () => {
  beforeAll(() => {
    ensureImages([
      'busybox:latest',
      'alpine:latest',
      'mirror.gcr.io/postgres:17-alpine',
      'mirror.gcr.io/nginx:1-alpine',
    ]);
  }, 900_000);

  it('the vitest suite with a global setup passes and takes its environment down', async () => {
    const config = join('examples', 'testing', 'vitest', 'vitest.config.ts');
    const result = await run([
      process.execPath,
      join('node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      config,
    ]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Tests\s+\S*2 passed/);
    expect(exampleProjects()).toEqual([]);
  }, 300_000);

  it('the node:test suite passes and takes its environment down', async () => {
    const result = await run([process.execPath, '--test', join('examples', 'testing', 'node-test')]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('# pass 3');
    expect(result.output).toContain('# fail 0');
    expect(exampleProjects()).toEqual([]);
  }, 300_000);
});
