// No engine where DOCKER_HOST points: every runtime command ends with one clean error that says
// where it looked (exit 3), and up leaves the files generate wrote consistent.
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';

const SCORE = `apiVersion: score.dev/v1b1
metadata: {name: web}
containers:
  main: {image: busybox:latest}
`;

describe('no Docker engine', () => {
  for (const argv of [['ps'], ['down'], ['logs'], ['up', 'score.yaml']]) {
    it(`${argv[0]} fails with exit 3 naming where it looked`, async () => {
      const dir = await tempProject('noengine', { 'score.yaml': SCORE });
      expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
      const env = { ...process.env, DOCKER_HOST: `unix://${dir}/no-such.sock`, HOME: dir };
      const run = await runIn(dir, argv, { env });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/^Error: cannot connect to the Docker engine/m);
      expect(run.stderr).toContain(`${dir}/no-such.sock`);
      expect(run.stderr).toMatch(/^hint: /m);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    });
  }
});
