// `--env-file` reaches the command, run as a user's shell runs it: the executable itself, through
// its first line. Node 20 reads `--env-file` anywhere on its command line unless it follows `--`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/cli.js';
import { BIN, requireBuiltCli } from '../helpers/built-cli.js';

const run = promisify(execFile);
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox
    variables:
      GREETING: \${resources.env.GREETING}
resources:
  env:
    type: environment
`;

describe(`--env-file, the executable run directly (Node ${process.version})`, () => {
  beforeAll(() => requireBuiltCli());

  it('writes the env file it names, new or existing, and Node loads neither', async () => {
    const dir = await tempProject('env-file', { 'score.yaml': SCORE, 'old.env': 'GREETING=from-node\n' });
    await run(BIN, ['init', '--no-sample'], { cwd: dir });
    for (const file of ['new.env', 'old.env']) {
      const { stderr } = await run(BIN, ['generate', 'score.yaml', '--env-file', file], {
        cwd: dir,
        env: { ...process.env, GREETING: undefined },
      });
      expect(stderr).toContain(`Writing env var file to '${file}'`);
      // The command wrote the variables it needs; had Node loaded old.env, GREETING would be set
      // in the process environment and written with its value.
      expect(await readFile(join(dir, file), 'utf8')).toBe('GREETING=\n');
    }
  });
});
