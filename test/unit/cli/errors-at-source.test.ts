// Errors raised while provisioning or converting name the Score file and line of what they are
// about, with the reference's message and a hint; a failed generate leaves compose.yaml and
// state.yaml as they were. Through the CLI, with the default provisioners (no Docker, no corpus).
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIn, tempProject, type CliRun } from '../../helpers/cli.js';

const HEAD = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox
`;

/** A project where `init` and a good `generate` already wrote compose.yaml and state.yaml. */
async function generatedProject(): Promise<string> {
  const dir = await tempProject('errs', { 'score.yaml': HEAD });
  for (const argv of [
    ['init', '--no-sample'],
    ['generate', 'score.yaml'],
  ]) {
    const run = await runIn(dir, argv);
    expect(run.code, run.stderr).toBe(0);
  }
  return dir;
}

function outputs(dir: string): Record<string, string | undefined> {
  const read = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined);
  return { compose: read('compose.yaml'), state: read('.score-compose/state.yaml') };
}

/** The error report: every stderr line from `Error: ` on (log lines dropped). */
function report(run: CliRun): string[] {
  const lines = run.stderr.split('\n').filter((l) => l !== '' && !/^(INFO|WARN|DEBUG): /.test(l));
  return lines.slice(lines.findIndex((l) => l.startsWith('Error: ')));
}

describe('generate errors point at the Score file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await generatedProject();
  });

  async function failingGenerate(score: string): Promise<string[]> {
    const before = outputs(dir);
    await writeFile(join(dir, 'score.yaml'), score);
    const run = await runIn(dir, ['generate', 'score.yaml']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(outputs(dir), 'a failed generate changes neither compose.yaml nor state.yaml').toEqual(before);
    return report(run);
  }

  it('a params cycle: at the placeholder that starts it', async () => {
    const lines = await failingGenerate(`${HEAD}resources:
  aa:
    type: volume
    params:
      x: \${resources.bb.source}
  bb:
    type: volume
    params:
      y: "pre \${resources.aa.source}"
`);
    expect(lines).toEqual([
      'Error: score.yaml:11:10: failed to provision: failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
      'hint: the params placeholders form a cycle: volume.default#web.aa -> volume.default#web.bb -> volume.default#web.aa',
    ]);
  });

  it('a type no provisioner serves: at its type, with did you mean', async () => {
    const lines = await failingGenerate(`${HEAD}resources:
  db:
    type: postgress
`);
    expect(lines).toEqual([
      "Error: score.yaml:9:11: failed to provision: resource 'postgress.default#web.db' is not supported by any provisioner",
      `hint: did you mean 'postgres'? add a provisioner for type 'postgress' with "score-compose init --provisioners <file>" (see "score-compose provisioners list")`,
    ]);
  });

  it('a volume source that is not a volume: at the source', async () => {
    const lines = await failingGenerate(`${HEAD}    volumes:
      /data:
        source: \${resources.cache}
resources:
  cache:
    type: redis
`);
    expect(lines[0]).toBe(
      "Error: score.yaml:9:17: failed to convert workload 'web' to Docker compose: containers.main.volumes[/data]: resource 'redis.default#web.cache' has no 'type' output",
    );
    expect(lines[1]).toMatch(/^hint: a volume source names a resource whose outputs describe a mount/);
  });

  it('a plain volume source no compose volume declares: at the source, in the list form too', async () => {
    const lines = await failingGenerate(`${HEAD}    volumes:
      - target: /data
        source: data
`);
    expect(lines[0]).toBe(
      "Error: score.yaml:9:17: failed to convert workload 'web' to Docker compose: containers.main.volumes[/data]: volume source 'data' is neither a resource nor a declared compose volume",
    );
  });

  it('a file source outside the Score file directory: at the source', async () => {
    const lines = await failingGenerate(`${HEAD}    files:
      /etc/app.conf:
        source: ../outside.conf
`);
    expect(lines).toEqual([
      "Error: score.yaml:9:17: failed to convert workload 'web' to Docker compose: containers.main.files[/etc/app.conf].source: must be a relative path within the Score file's directory",
      'hint: place the file next to the Score file (or below it) and give its relative path',
    ]);
  });

  it('an unterminated placeholder: a validation error at the placeholder', async () => {
    const lines = await failingGenerate(`${HEAD}    variables:
      DB: "postgres://\${resources.db.host:5432/app"
resources:
  db:
    type: postgres
`);
    expect(lines).toEqual([
      "Error: validation errors in workload 'web'",
      '  score.yaml:8:23 containers.main.variables.DB: placeholder ${resources.db.host is not closed, "}" is missing',
      'hint: close it with "}" (${resources.db.host}), or write $${resources.db.host to keep it as text',
    ]);
  });

  it('an unknown output key: at the placeholder, listing the outputs', async () => {
    const lines = await failingGenerate(`${HEAD}    variables:
      DB: "postgres://\${resources.db.hostname}:5432"
resources:
  db:
    type: postgres
`);
    expect(lines).toEqual([
      "Error: score.yaml:8:23: failed to convert workload 'web' to Docker compose: containers.main.variables.DB: invalid ref 'resources.db.hostname': key 'hostname' not found",
      "hint: did you mean 'host'? resource 'db' (postgres.default#web.db) has the outputs: database, host, name, password, port, username",
    ]);
  });

  it('an unknown output key in file content: at its line inside the block', async () => {
    const lines = await failingGenerate(`${HEAD}    files:
      /etc/app.conf:
        content: |
          [db]
          port = \${resources.db.prot}
resources:
  db:
    type: postgres
`);
    expect(lines[0]).toBe(
      "Error: score.yaml:11:18: failed to convert workload 'web' to Docker compose: containers.main.files[/etc/app.conf]: failed to substitute in content: invalid ref 'resources.db.prot': key 'prot' not found",
    );
    expect(lines[1]).toMatch(/^hint: did you mean 'port'\? /);
  });

  it('an unknown output key in params: at the param', async () => {
    const lines = await failingGenerate(`${HEAD}resources:
  db:
    type: postgres
  data:
    type: volume
    params:
      x: \${resources.db.hostname}
`);
    expect(lines[0]).toBe(
      "Error: score.yaml:13:10: failed to provision: failed to substitute params for resource 'volume.default#web.data': x: invalid ref 'resources.db.hostname': key 'hostname' not found",
    );
  });

  it('a container without image: at the image', async () => {
    // A container the stored workload does not have, so no image is remembered for it.
    const lines = await failingGenerate(HEAD.replace('  main:\n    image: busybox', '  app:\n    image: .'));
    expect(lines[0]).toBe(
      "Error: score.yaml:6:12: failed to convert 'web' because container 'app' has no image and neither --image nor --build was provided",
    );
  });
});

describe('errors of workloads not read this run', () => {
  it('say nothing about a position', async () => {
    const dir = await tempProject('errs', { 'a.yaml': HEAD, 'b.yaml': HEAD.replace('name: web', 'name: other') });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    expect((await runIn(dir, ['generate', 'a.yaml'])).code).toBe(0);
    // The stored workload 'web' breaks only through another file's resource: none here, so make the
    // stored one fail by removing its file and giving it an unknown type through the state.
    const statePath = join(dir, '.score-compose/state.yaml');
    const state = readFileSync(statePath, 'utf8').replace('    file: a.yaml\n', '');
    await writeFile(
      statePath,
      state.replace(
        '        main:\n          image: busybox\n',
        '        main:\n          image: busybox\n      resources:\n        db:\n          type: postgress\n',
      ),
    );
    const run = await runIn(dir, ['generate', 'b.yaml']);
    expect(run.code, run.stderr).toBe(1);
    expect(report(run)[0]).toBe(
      "Error: failed to provision: resource 'postgress.default#web.db' is not supported by any provisioner",
    );
  });
});
