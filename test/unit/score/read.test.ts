import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { checkWorkload, checkWorkloadFilesMetadata, readWorkloadFile } from '../../../src/score/read.js';

const dir = mkdtempSync(join(tmpdir(), 'score-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(fn: () => unknown): ScoreComposeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoreComposeError);
    return err as ScoreComposeError;
  }
  throw new Error('expected a ScoreComposeError');
}

function check(text: string, file = 'score.yaml'): ReturnType<typeof checkWorkload> {
  const parsed = parseYamlDocument(text, file);
  return checkWorkload(parsed.value, file, parsed.locate);
}

describe('checkWorkload', () => {
  it('returns the upgraded workload and the changes made', () => {
    const { workload, changes } = check(
      [
        'apiVersion: score.dev/v1b1',
        'metadata:',
        '  name: example',
        'containers:',
        '  example:',
        '    image: foo',
        '    files:',
        '    - target: /blah.txt',
        '      source: ./original.txt',
        '',
      ].join('\n'),
    );
    expect(workload.containers['example']?.files).toEqual({ '/blah.txt': { source: './original.txt' } });
    expect(changes).toEqual(['containers.example.files: migrated to object']);
  });

  it('returns a copy the caller may change without touching the raw value', () => {
    const raw = { apiVersion: 'score.dev/v1b1', metadata: { name: 'w1' }, containers: { c1: { image: '.' } } };
    const { workload } = checkWorkload(raw, 's.yaml');
    const c1 = workload.containers['c1'];
    if (c1) c1.image = 'busybox';
    expect(raw.containers.c1.image).toBe('.');
  });

  it('lists every schema problem as file:line:col path: message, with the first hint', () => {
    const text = [
      'apiVersion: score.dev/v1b1', // 1
      'metadata:', // 2
      '  name: web', // 3
      'containers:', // 4
      '  main:', // 5
      '    imagee: nginx', // 6
      '    variables:', // 7
      '      PORT: 8080', // 8
      'service:', // 9
      '  ports:', // 10
      '    www: {port: "80"}', // 11
      '',
    ].join('\n');
    const err = failure(() => check(text));
    expect(err.code).toBe('input');
    expect(err.message).toBe("validation errors in workload 'web'");
    expect(err.details).toEqual([
      "score.yaml:5:3 containers.main: missing required field 'image'",
      "score.yaml:6:5 containers.main.imagee: unknown field 'imagee'",
      'score.yaml:8:13 containers.main.variables.PORT: must be a string, got the number 8080',
      "score.yaml:11:17 service.ports.www.port: must be an integer, got the string '80'",
    ]);
    expect(err.hint).toBe("did you mean 'image'?");
    expect(err.location).toEqual({ file: 'score.yaml', line: 5, col: 3 });
  });

  it('maps problems in upgraded list items back to the list position in the file', () => {
    const text = [
      'apiVersion: score.dev/v1b1', // 1
      'metadata:', // 2
      '  name: web', // 3
      'containers:', // 4
      '  main:', // 5
      '    image: nginx', // 6
      '    files:', // 7
      '      - target: /one', // 8
      '        content: fine', // 9
      '      - target: /two', // 10
      '        content: "${nope}"', // 11
      '    volumes:', // 12
      '      - target: /data', // 13
      '        source: data', // 14
      '        read_only: "yes"', // 15
      '',
    ].join('\n');
    const err = failure(() => check(text));
    expect(err.details).toEqual([
      "score.yaml:15:20 containers.main.volumes[/data].readOnly: must be a boolean (true or false), got the string 'yes'",
    ]);
    const semantic = failure(() => check(text.replace('read_only: "yes"', 'read_only: true')));
    expect(semantic.details).toEqual([
      'score.yaml:11:19 containers.main.files[/two].content: placeholder ${nope} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"',
    ]);
  });

  it('reports semantic problems with positions once the schema is satisfied', () => {
    const text = [
      'apiVersion: score.dev/v1b1', // 1
      'metadata:', // 2
      '  name: example', // 3
      'containers:', // 4
      '  app:', // 5
      '    image: busybox', // 6
      '    before:', // 7
      '      backend:', // 8
      '        ready: started', // 9
      '  backend:', // 10
      '    image: busybox', // 11
      '    before:', // 12
      '      app:', // 13
      '        ready: started', // 14
      '',
    ].join('\n');
    const err = failure(() => check(text));
    expect(err.message).toBe("validation errors in workload 'example'");
    expect(err.details).toEqual([
      'score.yaml:12:5 containers.backend.before: containers before relationships contain a cycle',
    ]);
  });

  it('points a placeholder problem at the placeholder itself, in a quoted value or a block of content', () => {
    const text = [
      'apiVersion: score.dev/v1b1', // 1
      'metadata:', // 2
      '  name: web', // 3
      'containers:', // 4
      '  main:', // 5
      '    image: nginx', // 6
      '    variables:', // 7
      '      DB: "postgres://${resources.db.host:5432"', // 8
      '    files:', // 9
      '      /etc/app.conf:', // 10
      '        content: |', // 11
      '          first line', // 12
      '          url = ${resources.dbb.url}', // 13
      'resources:', // 14
      '  db:', // 15
      '    type: postgres', // 16
      '',
    ].join('\n');
    const err = failure(() => check(text));
    expect(err.details).toEqual([
      'score.yaml:13:17 containers.main.files[/etc/app.conf].content: placeholder ${resources.dbb.url} does not resolve to a resource, no resource with name "dbb"',
      'score.yaml:8:23 containers.main.variables.DB: placeholder ${resources.db.host is not closed, "}" is missing',
    ]);
    expect(err.location).toEqual({ file: 'score.yaml', line: 13, col: 17 });
    expect(err.hint).toBe("did you mean 'db'? the workload's resources are: db");
  });

  it('omits line:col when no locator is given, and names the file when the workload has no name', () => {
    const err = failure(() =>
      checkWorkload({ apiVersion: 'score.dev/v1b1', metadata: {}, containers: { ab: { image: 'x' } } }, 'x.yaml'),
    );
    expect(err.message).toBe("validation errors in workload 'x.yaml'");
    expect(err.details).toEqual(["x.yaml metadata: missing required field 'name'"]);
    expect(err.location).toEqual({ file: 'x.yaml' });
  });

  it('turns a failed upgrade into an error at the list item', () => {
    const text =
      'apiVersion: score.dev/v1b1\nmetadata:\n  name: w\ncontainers:\n  c1:\n    image: i\n    files:\n      - content: x\n';
    const err = failure(() => check(text));
    expect(err.message).toBe('failed to upgrade spec: containers.c1.files.0.target: is missing or is not a string');
    expect(err.location).toEqual({ file: 'score.yaml', line: 8, col: 9 });
  });
});

describe('readWorkloadFile', () => {
  it('reads and parses a file, naming it by its display path', async () => {
    writeFileSync(join(dir, 'score.yaml'), 'metadata:\n  name: a\n');
    const { raw, parsed } = await readWorkloadFile(join(dir, 'score.yaml'), 'score.yaml');
    expect(raw).toEqual({ metadata: { name: 'a' } });
    expect(parsed.locate(['metadata', 'name'])).toEqual({ line: 2, col: 9 });
  });

  it('fails with the OS reason and no absolute path', async () => {
    const err = await readWorkloadFile(join(dir, 'missing.yaml'), 'missing.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect((err as ScoreComposeError).message).toBe(
      "failed to read 'missing.yaml': open missing.yaml: no such file or directory",
    );
    const isDir = await readWorkloadFile(dir, 'somedir').catch((e: unknown) => e);
    expect((isDir as ScoreComposeError).message).toMatch(
      /^failed to read 'somedir': .*illegal operation on a directory/,
    );
    expect((isDir as ScoreComposeError).message).not.toContain(dir);
  });

  it('reports a file that is not a map as the reference does, naming the file', async () => {
    writeFileSync(join(dir, 'thing'), '"blah"');
    const err = await readWorkloadFile(join(dir, 'thing'), 'thing').catch((e: unknown) => e);
    expect((err as ScoreComposeError).message).toMatch(/^failed to decode 'thing' as yaml: .*must be a map/);
  });
});

describe('checkWorkloadFilesMetadata', () => {
  it('accepts distinct named workloads', () => {
    expect(() =>
      checkWorkloadFilesMetadata([
        { file: 'a.yaml', raw: { metadata: { name: 'a' } } },
        { file: 'b.yaml', raw: { metadata: { name: 'b' } } },
      ]),
    ).not.toThrow();
  });

  it('matches the reference message for a file without metadata', () => {
    const err = failure(() => checkWorkloadFilesMetadata([{ file: 'thing', raw: {} }]));
    expect(err.message).toBe("validation failed:\n  - workload in file 'thing' is missing required metadata");
  });

  it('reports every problem across files at once', () => {
    const err = failure(() =>
      checkWorkloadFilesMetadata([
        { file: 'a.yaml', raw: { metadata: { name: 'dup' } } },
        { file: 'b.yaml', raw: { metadata: { name: '' } } },
        { file: 'c.yaml', raw: { metadata: { name: 'dup' } } },
        { file: 'd.yaml', raw: { metadata: 'text' } },
        { file: 'e.yaml', raw: { metadata: { name: 5 } } },
      ]),
    );
    expect(err.message).toBe(
      [
        'validation failed:',
        "  - workload in file 'b.yaml' has empty metadata.name",
        "  - workload name 'dup' in file 'c.yaml' is used more than once",
        "  - workload in file 'd.yaml' is missing required metadata",
        "  - workload in file 'e.yaml' has empty metadata.name",
      ].join('\n'),
    );
  });
});
