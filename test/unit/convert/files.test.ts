// Files → bind mounts: sources, modes, content and the mount-name collision improvement. The
// TestConvertFilesIntoVolumes_* / TestConvertFiles_with_mode cases of the shared corpus (files_cases)
// are in test/acceptance/vectors/convert-files.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertWorkload } from '../../../src/convert/workload.js';
import type { Workload } from '../../../src/score/types.js';
import { fakeEnv, tableBindings } from './fake-resources.js';
import { input, PREFIX, project } from './files-fixtures.js';

describe('files', () => {
  it('allows a source that goes up and back down inside the directory', () => {
    const dir = project();
    mkdirSync(join(dir, 'subdir', 'inner'));
    const out = convertWorkload(input(dir, { '/ant.txt': { source: 'inner/../original.txt', noExpand: true } }));
    expect(out.mountFiles[0]?.content.toString()).toBe('first ${metadata.name} second');
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
