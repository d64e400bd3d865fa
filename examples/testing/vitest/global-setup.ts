// Starts the environment once, hands the test files what they need (addresses, not handles: test
// files run in other processes), and takes it down at the end. If this process is killed, the
// reaper takes it down instead.
import { fileURLToPath } from 'node:url';
import { startEnvironment, type ScoreEnvironment } from 'score-compose-ts';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    db: { host: string; port: number; database: string; username: string; password: string };
    site: { url: string; headers: { host: string } };
  }
}

let env: ScoreEnvironment | undefined;

export async function setup(project: TestProject): Promise<void> {
  env = await startEnvironment({
    files: ['score.yaml'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    waitFor: { 'orders-web': { log: 'listening' } },
  });
  project.provide('db', env.outputs('db') as never);
  const [route] = env.routes();
  if (route === undefined) throw new Error('the environment has no route');
  project.provide('site', { url: route.url, headers: route.headers });
}

export async function teardown(): Promise<void> {
  await env?.down();
}
