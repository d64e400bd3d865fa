import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';

// Every kind of bad input named by the foundation issue: a clear message naming the file and
// field, a non-zero exit, no stack trace, and the previous compose.yaml and state.yaml intact.
const GOOD = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: nginx:latest
    variables:
      NAME: \${metadata.name}
`;

let dir: string;
let before: { compose: string; state: string };

async function snapshot() {
  return {
    compose: await readFile(join(dir, 'compose.yaml'), 'utf8'),
    state: await readFile(join(dir, '.score-compose/state.yaml'), 'utf8'),
  };
}

async function expectCleanFailure(argv: string[], ...fragments: (string | RegExp)[]) {
  const run = await runIn(dir, argv);
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.stderr).toMatch(/^Error: /m);
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack frames
  expect(run.stdout).toBe('');
  for (const f of fragments) expect(run.stderr).toMatch(f);
  expect(await snapshot()).toEqual(before);
  return run;
}

beforeEach(async () => {
  dir = await tempProject('bad-input', { 'score.yaml': GOOD });
  expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  const first = await runIn(dir, ['generate', 'score.yaml']);
  expect(first.code, first.stderr).toBe(0);
  before = await snapshot();
});

describe('bad input leaves everything as it was', () => {
  it('malformed YAML: file, line and column', async () => {
    await writeFile(join(dir, 'score.yaml'), 'apiVersion: score.dev/v1b1\nmetadata:\n  name: [web\n');
    await expectCleanFailure(['generate', 'score.yaml'], /score\.yaml/, /line \d+, column \d+/);
  });

  it('a YAML alias bomb is refused quickly', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    await writeFile(join(dir, 'score.yaml'), `${bomb.join('\n')}\n`);
    await expectCleanFailure(['generate', 'score.yaml'], /score\.yaml/, /alias/);
  });

  it('a schema violation names file:line:col and the field, with a hint', async () => {
    await writeFile(join(dir, 'score.yaml'), GOOD.replace('image: nginx:latest', 'image: 42\n    imagee: x'));
    const run = await expectCleanFailure(['generate', 'score.yaml'], /validation errors in workload 'web'/);
    expect(run.stderr).toMatch(/score\.yaml:6:\d+ containers\.main\.image: /);
    expect(run.stderr).toMatch(/score\.yaml:7:\d+ containers\.main\.imagee: /);
  });

  it('an unknown placeholder names the field', async () => {
    await writeFile(join(dir, 'score.yaml'), GOOD.replace('${metadata.name}', '${pod.name}'));
    await expectCleanFailure(
      ['generate', 'score.yaml'],
      /score\.yaml:8:\d+ containers\.main\.variables\.NAME: placeholder \$\{pod\.name\} has unsupported first element of "pod"/,
    );
  });

  it('a before cycle', async () => {
    const text = `apiVersion: score.dev/v1b1
metadata: {name: web}
containers:
  aa: {image: x, before: {bb: {ready: started}}}
  bb: {image: x, before: {aa: {ready: started}}}
`;
    await writeFile(join(dir, 'score.yaml'), text);
    await expectCleanFailure(['generate', 'score.yaml'], /containers before relationships contain a cycle/);
  });

  it('a missing file source', async () => {
    await writeFile(join(dir, 'score.yaml'), `${GOOD}    files:\n      /etc/x.conf:\n        source: missing.conf\n`);
    await expectCleanFailure(
      ['generate', 'score.yaml'],
      /containers\.main\.files\[\/etc\/x\.conf\]\.source: failed to read/,
    );
  });

  it('a file source outside the Score file directory', async () => {
    await writeFile(
      join(dir, 'score.yaml'),
      `${GOOD}    files:\n      /etc/x.conf:\n        source: ../outside.conf\n`,
    );
    await expectCleanFailure(['generate', 'score.yaml'], /must be a relative path within the Score file's directory/);
  });

  it('an unwritable output path', async () => {
    await mkdir(join(dir, 'locked'));
    await chmod(join(dir, 'locked'), 0o500);
    await writeFile(join(dir, 'score.yaml'), GOOD.replace('nginx:latest', 'nginx:1'));
    // root ignores directory permissions, so also use a path whose parent does not exist.
    await expectCleanFailure(
      ['generate', 'score.yaml', '-o', 'no/such/dir/compose.yaml'],
      /failed to write output file/,
    );
  });

  it('a corrupt state.yaml is reported, not overwritten', async () => {
    await writeFile(join(dir, '.score-compose/state.yaml'), `${before.state}bogus_key: 1\n`);
    before = await snapshot();
    await expectCleanFailure(['generate', 'score.yaml'], /state file couldn't be decoded: .*bogus_key/);
  });

  it('a state.yaml that is not YAML at all', async () => {
    await writeFile(join(dir, '.score-compose/state.yaml'), 'workloads: [\n');
    before = await snapshot();
    await expectCleanFailure(['generate'], /state\.yaml/, /couldn't be decoded/);
  });
});

describe('generate is deterministic and serialised', () => {
  it('two runs with the same inputs write identical bytes', async () => {
    const again = await runIn(dir, ['generate', 'score.yaml']);
    expect(again.code).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('concurrent runs do not corrupt the state', async () => {
    const other = GOOD.replace('name: web', 'name: other');
    await writeFile(join(dir, 'other.yaml'), other);
    const runs = await Promise.all([runIn(dir, ['generate', 'score.yaml']), runIn(dir, ['generate', 'other.yaml'])]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const state = await readFile(join(dir, '.score-compose/state.yaml'), 'utf8');
    expect(state).toContain('  web:');
    expect(state).toContain('  other:');
  });

  it('state.yaml is readable by its owner only', async () => {
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, '.score-compose/state.yaml'))).mode & 0o777).toBe(0o600);
  });
});

describe('a failing provisioner names its file, entry, resource uid and stage', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a fail call',
      '  outputs: |\n    x: {{ fail "no thing here" }}\n',
      /outputs template failed: failed to execute template: .*error calling fail: no thing here/,
    ],
    [
      'a template that does not parse',
      '  outputs: |\n    x: {{#if}}\n',
      /outputs template failed: failed to parse template/,
    ],
    [
      'output that is not YAML',
      '  services: |\n    x: [unclosed\n',
      /services template failed: failed to decode output/,
    ],
    [
      'a file outside the mounts directory',
      '  files: |\n    ../../etc/passwd: boom\n',
      /failed to apply outputs: failing to write non relative volume directory '\.\.\/\.\.\/etc\/passwd'/,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      await writeFile(join(dir, 'score.yaml'), `${GOOD}resources:\n  thing:\n    type: thing\n`);
      await writeFile(
        join(dir, '.score-compose/00-my.provisioners.yaml'),
        `- uri: template://mine/other\n  type: other\n- uri: template://mine/thing\n  type: thing\n${body}`,
      );
      const run = await expectCleanFailure(['generate', 'score.yaml'], /resource 'thing\.default#web\.thing'/, message);
      expect(run.stderr).toContain(
        'provisioner template://mine/thing: entry 1 of .score-compose/00-my.provisioners.yaml',
      );
    });
  }
});
