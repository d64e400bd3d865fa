// Files → bind mounts: the TestConvertFilesIntoVolumes_* / TestConvertFiles_with_mode cases of
// the shared corpus (files_cases), plus the mount-name collision improvement.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { convertWorkload, type ConvertInput } from '../../../src/convert/workload.js';
import type { ContainerFile, Workload } from '../../../src/score/types.js';
import { CORPUS, fakeEnv, tableBindings } from './fake-resources.js';

interface FilesCase {
  name: string;
  files?: string;
  expected_file_contents?: Record<string, string>;
  expected_error?: string;
}
const filesCases = (
  parse(readFileSync(join(CORPUS, 'score-compose-tests/convert_test.cases.yaml'), 'utf8')) as {
    files_cases: FilesCase[];
  }
).files_cases;
const corpusCase = (prefix: string): FilesCase => {
  const found = filesCases.find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`corpus case ${prefix} missing`);
  return found;
};

/** A project dir with `subdir/score.yaml` beside `subdir/original.txt`, as the Go test sets up. */
function project(withOriginal = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'sct-files-'));
  mkdirSync(join(dir, 'subdir'));
  writeFileSync(join(dir, 'subdir', 'score.yaml'), '');
  writeFileSync(join(dir, 'leak.txt'), 'secret');
  if (withOriginal) writeFileSync(join(dir, 'subdir', 'original.txt'), 'first ${metadata.name} second');
  return dir;
}

function input(dir: string, files: Record<string, ContainerFile>, extra: Partial<ConvertInput> = {}): ConvertInput {
  const workload: Workload = {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'my-workload' },
    containers: { 'my-container': { image: 'busybox', files } },
  };
  return {
    workload,
    scoreFile: 'subdir/score.yaml',
    projectDir: dir,
    resources: () => undefined,
    mountsDirectory: '.score-compose/mounts',
    readFile: (p) => readFileSync(p),
    ...extra,
  };
}

const PREFIX = "failed to convert workload 'my-workload' to Docker compose: ";

describe('files corpus cases', () => {
  it('nominal: sources, content, noExpand and binaryContent', () => {
    const c = corpusCase('nominal');
    const files = parse(c.files as string) as Record<string, ContainerFile>;
    const out = convertWorkload(input(project(), files));
    // The Go test's substitution resolves metadata.name to "blah"; here it is the workload's real name.
    const expected = Object.fromEntries(
      Object.entries(c.expected_file_contents ?? {}).map(([k, v]) => [k, v.replace('blah', 'my-workload')]),
    );
    const written = Object.fromEntries(
      out.mountFiles.map((f) => [f.path.replace('.score-compose/mounts/files/', ''), f.content.toString('utf8')]),
    );
    expect(written).toEqual(expected);
    expect(out.services['my-workload-my-container']?.volumes).toEqual(
      Object.keys(files)
        .sort()
        .map((target) => ({
          type: 'bind',
          source: `.score-compose/mounts/files/my-workload-files-${target.slice(1)}`,
          target,
        })),
    );
    expect(out.mountFiles.every((f) => f.mode === 0o644)).toBe(true);
  });

  it('file_missing: reports the OS error with the path', () => {
    const c = corpusCase('file_missing');
    const run = () => convertWorkload(input(project(false), { '/ant.txt': { source: 'original.txt' } }));
    expect(run).toThrow(PREFIX + (c.expected_error as string).replace('<dir>', 'subdir'));
  });

  it.each(['/etc/passwd', '../leak.txt', 'subdir/../../leak.txt'])('source_outside_score_dir: %s', (source) => {
    const c = corpusCase('source_outside_score_dir');
    const run = () => convertWorkload(input(project(), { '/ant.txt': { source } }));
    expect(run).toThrow(PREFIX + (c.expected_error as string));
  });

  it('allows a source that goes up and back down inside the directory', () => {
    const dir = project();
    mkdirSync(join(dir, 'subdir', 'inner'));
    const out = convertWorkload(input(dir, { '/ant.txt': { source: 'inner/../original.txt', noExpand: true } }));
    expect(out.mountFiles[0]?.content.toString()).toBe('first ${metadata.name} second');
  });

  it('source_missing', () => {
    const c = corpusCase('source_missing');
    expect(() => convertWorkload(input(project(), { '/ant.txt': {} }))).toThrow(PREFIX + (c.expected_error as string));
  });

  it('expand_bad: the substitution error follows the field', () => {
    const c = corpusCase('expand_bad');
    const expectedPrefix = (c.expected_error as string).replace('unknown key', '');
    const run = () => convertWorkload(input(project(), { '/ant.txt': { content: '${metadata.blah}' } }));
    expect(run).toThrow(`${PREFIX}${expectedPrefix}invalid ref 'metadata.blah': key 'blah' not found`);
  });

  it('with_mode: modes and read-only mounts', () => {
    const c = corpusCase('with_mode');
    const files = parse(c.files as string) as Record<string, ContainerFile>;
    const out = convertWorkload(input(project(), files));
    expect(out.mountFiles.map((f) => [f.path.split('-').pop(), f.mode])).toEqual([
      ['ant.txt', 0o644],
      ['bat.txt', 0o600],
      ['cat.txt', 0o754],
      ['dog.txt', 0o644],
    ]);
    expect(out.services['my-workload-my-container']?.volumes?.map((v) => v.read_only === true)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('file errors and details', () => {
  it.each([
    ['abc', "failed to parse 'abc' as octal"],
    ['0999', "failed to parse '0999' as octal"],
    ['01000', 'mode must be <= 0777'],
    ['0200', 'mode must be at least 0400'],
  ])('mode %s is rejected', (mode, message) => {
    const run = () => convertWorkload(input(project(), { '/a': { content: 'x', mode } }));
    expect(run).toThrow(`${PREFIX}containers.my-container.files[/a]: ${message}`);
  });

  it('rejects invalid base64', () => {
    const run = () => convertWorkload(input(project(), { '/a': { binaryContent: 'not base64!' } }));
    expect(run).toThrow(
      `${PREFIX}containers.my-container.files[/a].binaryContent: failed to decode base64: illegal base64 data at input byte 3`,
    );
    expect(() => convertWorkload(input(project(), { '/a': { binaryContent: 'abc' } }))).toThrow(
      'failed to decode base64',
    );
  });

  it('keeps non-UTF-8 source bytes as they are', () => {
    const dir = project();
    const bytes = Buffer.from([0xff, 0xfe, 0x24, 0x7b, 0x78, 0x7d]); // invalid UTF-8 followed by "${x}"
    writeFileSync(join(dir, 'subdir', 'bin.dat'), bytes);
    const out = convertWorkload(input(dir, { '/bin.dat': { source: 'bin.dat' } }));
    expect(out.mountFiles[0]?.content.equals(bytes)).toBe(true);
  });

  it('unescapes $$ in content and resolves environment variables immediately', () => {
    const env = fakeEnv((k) => `\${${k[0]}}`, { HOME_DIR: '/home/me' });
    const files = { '/a': { content: 'cost: $$5 home: ${resources.env.HOME_DIR}' } };
    const extra = {
      resources: tableBindings({ env: { uid: 'environment.default#my-workload.env', outputs: {}, env } }),
    };
    const wl = input(project(), files, extra);
    wl.workload.resources = { env: { type: 'environment' } };
    expect(convertWorkload(wl).mountFiles[0]?.content.toString()).toBe('cost: $5 home: /home/me');
    wl.workload.containers['my-container']!.files = { '/b': { content: '${resources.env.MISSING}' } };
    expect(() => convertWorkload(wl)).toThrow(
      `${PREFIX}containers.my-container.files[/b]: failed to substitute in content: invalid ref 'resources.env.MISSING': environment variable 'MISSING' must be resolved`,
    );
  });

  it('uses the project directory when the workload has no Score file', () => {
    const dir = project();
    writeFileSync(join(dir, 'top.txt'), 'top');
    const wl = input(dir, { '/t': { source: 'top.txt' } });
    delete wl.scoreFile;
    expect(convertWorkload(wl).mountFiles[0]?.content.toString()).toBe('top');
  });
});

describe('mount file names', () => {
  it('keeps the reference name when unique and disambiguates collisions', () => {
    const workload: Workload = {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'web' },
      containers: {
        a: {
          image: 'x',
          files: { '/usr/share/nginx/html/index.html': { content: 'a' }, '/etc/app.conf': { content: 'c' } },
        },
        b: { image: 'x', files: { '/srv/index.html': { content: 'b' } } },
      },
    };
    const out = convertWorkload({
      workload,
      projectDir: '/p',
      resources: () => undefined,
      mountsDirectory: '.score-compose/mounts',
      readFile: () => Buffer.alloc(0),
    });
    const names = out.mountFiles.map((f) => f.path.replace('.score-compose/mounts/files/', ''));
    expect(names[0]).toBe('web-files-app.conf');
    expect(names[1]).toMatch(/^web-a-files-[0-9a-f]{8}-index\.html$/);
    expect(names[2]).toMatch(/^web-b-files-[0-9a-f]{8}-index\.html$/);
    expect(new Set(names).size).toBe(3);
    expect(out.mountFiles.map((f) => f.content.toString())).toEqual(['c', 'a', 'b']);
  });
});
