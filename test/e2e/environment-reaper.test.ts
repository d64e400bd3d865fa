// A test process killed with kill -9 halfway through its tests leaves nothing behind: the reaper
// (src/environment/reaper.ts) sees its pipe close and takes the environment down. The README
// promises it within REAP_BOUND_MS; this checks that bound.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, leftovers, sweep } from '../helpers/stack-project.js';

/** What the README states: an environment whose process died is gone within this. */
const REAP_BOUND_MS = 30_000;

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: app
containers:
  main:
    image: busybox:latest
    command: ["sleep", "3600"]
resources:
  data:
    type: volume
  cache:
    type: redis
`;

// The "test process": starts an environment through the built package, says so, then runs "tests".
const SCRIPT = `import { startEnvironment } from ${JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))};
const env = await startEnvironment({ files: ['score.yaml'] });
console.log('READY ' + env.projectName + ' ' + env.projectDir);
setInterval(() => {}, 1000);
`;

describeE2E('startEnvironment: a test process killed with kill -9 (real engine)', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('run npm run build first (npm test does)');
    ensureImages(['busybox:latest', 'alpine:latest']);
  }, 900_000);

  it(`leaves nothing of its environment behind within ${REAP_BOUND_MS / 1000} s`, async () => {
    const dir = await tempProject('reap', { 'score.yaml': SCORE });
    await writeFile(join(dir, 'suite.mjs'), SCRIPT);
    const child = spawn(process.execPath, ['suite.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const ready = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const line = /READY (\S+) (\S+)/.exec(out);
        if (line) resolve(`${line[1]} ${line[2]}`);
      });
      child.on('exit', (code) =>
        reject(new Error(`the suite exited (${code}) before its environment was up:\n${err}`)),
      );
    });
    const [project, projectDir] = ready.split(' ') as [string, string];
    try {
      const up = leftovers(project);
      expect(up.containers.length).toBeGreaterThan(1);
      expect(up.volumes.length).toBeGreaterThan(0);

      child.kill('SIGKILL');
      const killedAt = Date.now();
      let left = leftovers(project);
      while (
        Date.now() - killedAt < REAP_BOUND_MS &&
        (left.containers.length + left.networks.length + left.volumes.length > 0 || existsSync(projectDir))
      ) {
        await new Promise((r) => setTimeout(r, 250));
        left = leftovers(project);
      }
      expect(left, `left ${REAP_BOUND_MS / 1000} s after kill -9`).toEqual({
        containers: [],
        networks: [],
        volumes: [],
      });
      expect(existsSync(projectDir), 'the environment directory').toBe(false);
    } finally {
      child.kill('SIGKILL');
      sweep(project);
    }
  }, 300_000);
});
