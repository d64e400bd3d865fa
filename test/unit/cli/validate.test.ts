import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatProblems } from '../../../src/cli/problem-formats.js';
import { runIn, tempProject } from '../../helpers/cli.js';

const score = (name: string, body: string) =>
  `apiVersion: score.dev/v1b1\nmetadata:\n  name: ${name}\ncontainers:\n  main:\n    image: busybox\n${body}`;

describe('score-compose validate', () => {
  it('checks files with no state directory, across files, and writes nothing', async () => {
    const dir = await tempProject('v', {
      'web.yaml': score(
        'web',
        'resources:\n  db:\n    type: postgres\n  api:\n    type: service\n    params:\n      workload: api\n',
      ),
      'api.yaml': score('api', 'service:\n  ports:\n    http:\n      port: 80\n'),
      'typo.yaml': score('typo', 'resources:\n  db:\n    type: postgress\n'),
    });
    const clean = await runIn(dir, ['validate', 'web.yaml', 'api.yaml']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toBe('2 files: valid\n');
    // web refers to workload api: alone, that is a problem.
    const alone = await runIn(dir, ['validate', 'web.yaml']);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain("unknown workload 'api'");
    const typo = await runIn(dir, ['validate', 'typo.yaml', '--format', 'json']);
    expect(typo.code).toBe(1);
    const [problem] = JSON.parse(typo.stdout) as { file: string; line: number; message: string; hint?: string }[];
    expect(problem).toMatchObject({ file: 'typo.yaml', line: 9 });
    expect(problem!.hint).toContain("did you mean 'postgres'?");
    expect((await readdir(dir)).sort()).toEqual(['api.yaml', 'typo.yaml', 'web.yaml']);
  });
});

describe('validate: stage 2 for the files that pass stage 1', () => {
  type Found = { file?: string; message: string; hint?: string }[];
  const json = async (dir: string, files: string[]) => {
    const run = await runIn(dir, ['validate', ...files, '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    return JSON.parse(run.stdout) as Found;
  };
  // No `image`: a schema problem, so api fails stage 1 with its name known.
  const brokenApi = 'apiVersion: score.dev/v1b1\nmetadata:\n  name: api\ncontainers:\n  main: {}\n';
  const typo = score('typo', 'resources:\n  db:\n    type: postgress\n');
  const serviceOf = (target: string) =>
    `resources:\n  api:\n    type: service\n    params:\n      workload: ${target}\n`;

  it('reports a provisioning problem of one file beside a schema problem of another', async () => {
    const dir = await tempProject('v', { 'api.yaml': brokenApi, 'typo.yaml': typo });
    const found = await json(dir, ['api.yaml', 'typo.yaml']);
    expect(found.map((p) => p.file)).toEqual(['api.yaml', 'typo.yaml']);
    expect(found[1]!.hint).toContain("did you mean 'postgres'?");
  });

  it('leaves out, directly or through another, a file referring to a workload that failed stage 1', async () => {
    const dir = await tempProject('v', {
      'api.yaml': brokenApi,
      // web refers to api by params.workload, front to web by its service resource's name.
      'web.yaml': score('web', `${serviceOf('api')}service:\n  ports:\n    http:\n      port: 80\n`),
      'front.yaml': score('front', 'resources:\n  web:\n    type: service\n'),
      'port.yaml': score(
        'port',
        'resources:\n  peer:\n    type: service-port\n    params:\n      workload: api\n      port: http\n',
      ),
    });
    // Generate stops at its first error, and an unsupported type comes before provisioning: no typo.yaml here.
    // front before web: front is left out only once web is.
    const found = await json(dir, ['api.yaml', 'front.yaml', 'web.yaml', 'port.yaml']);
    expect(JSON.stringify(found)).not.toContain('unknown workload');
    expect(found.map((p) => p.file)).toEqual(['api.yaml']);
  });

  it('still reports a reference to a workload no file has', async () => {
    const dir = await tempProject('v', { 'api.yaml': brokenApi, 'web.yaml': score('web', serviceOf('nope')) });
    const found = await json(dir, ['api.yaml', 'web.yaml']);
    expect(found).toHaveLength(2);
    expect(found[1]!.message).toContain("unknown workload 'nope'");
  });

  it('when a file cannot be read, leaves out files referring to any workload not passing', async () => {
    const dir = await tempProject('v', {
      'bad.yaml': 'metadata: [unclosed\n',
      'web.yaml': score('web', serviceOf('somewhere')),
    });
    const found = await json(dir, ['bad.yaml', 'web.yaml']);
    expect(JSON.stringify(found)).not.toContain('unknown workload');
    expect(found.map((p) => p.file)).toEqual(['bad.yaml']);
  });
});

describe('validate --provisioners -', () => {
  const provisioner = '- uri: template://ci/thing\n  type: thing\n  outputs: |\n    value: hello\n';
  const uses = (output: string) =>
    score('web', `    variables:\n      X: \${resources.it.${output}}\nresources:\n  it:\n    type: thing\n`);

  it('reads the provisioner file from stdin, as init does', async () => {
    const dir = await tempProject('v', { 'ok.yaml': uses('value'), 'bad.yaml': uses('nothing') });
    const ok = await runIn(dir, ['validate', 'ok.yaml', '--provisioners', '-'], { stdin: provisioner });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ok.yaml: valid\n');
    // The outputs checked are the ones the provisioner on stdin gives.
    const bad = await runIn(dir, ['validate', 'bad.yaml', '--provisioners', '-'], { stdin: provisioner });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('nothing');
    expect(bad.stdout).not.toContain('not supported by any provisioner');
    expect((await readdir(dir)).sort()).toEqual(['bad.yaml', 'ok.yaml']);
  });

  it('says so when stdin is not a pipe', async () => {
    const dir = await tempProject('v', { 'ok.yaml': uses('value') });
    const run = await runIn(dir, ['validate', 'ok.yaml', '--provisioners', '-']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("'-' reads from stdin, but stdin is not a pipe");
  });
});

describe('validate report formats', () => {
  const problems = [
    { file: 'a,b:c.yaml', line: 3, col: 5, message: '50% wrong\nsecond line', hint: 'fix it' },
    { message: 'no file at all' },
  ];

  it('github: one workflow command per problem, data and properties escaped', () => {
    expect(formatProblems(problems, 'github', ['x'])).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=3,col=5,title=score-compose validate::50%25 wrong%0Asecond line%0Ahint: fix it\n' +
        '::error title=score-compose validate::no file at all\n',
    );
    expect(formatProblems([], 'github', ['x'])).toBe('');
  });

  it('sarif: a 2.1.0 log with one result per problem, located where a file is known', () => {
    const log = JSON.parse(formatProblems(problems, 'sarif', ['x'])) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run!.tool.driver.name).toBe('score-compose-ts');
    expect(run!.results).toHaveLength(2);
    expect(run!.results[0]).toMatchObject({
      ruleId: run!.tool.driver.rules[0]!.id,
      level: 'error',
      message: { text: '50% wrong\nsecond line (hint: fix it)' },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'a,b:c.yaml' }, region: { startLine: 3, startColumn: 5 } } },
      ],
    });
    expect(run!.results[1]).not.toHaveProperty('locations');
    expect(JSON.parse(formatProblems([], 'sarif', ['x'])).runs[0].results).toEqual([]);
  });

  it('text: each problem with its hint, then a count; a clean run says so', () => {
    expect(formatProblems(problems, 'text', ['x'])).toBe(
      'a,b:c.yaml:3:5: 50% wrong\nsecond line\n  hint: fix it\nno file at all\n2 problems\n',
    );
    expect(formatProblems([], 'text', ['score.yaml'])).toBe('score.yaml: valid\n');
  });
});
