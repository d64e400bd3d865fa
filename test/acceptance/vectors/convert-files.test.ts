// Files → bind mounts: the TestConvertFilesIntoVolumes_* / TestConvertFiles_with_mode cases of
// the shared corpus (score-compose-tests/convert_test.cases.yaml, files_cases).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { convertWorkload } from '../../../src/convert/workload.js';
import type { ContainerFile } from '../../../src/score/types.js';
import { readCorpusFile } from '../../helpers/corpus.js';
import { input, PREFIX, project } from '../../unit/convert/files-fixtures.js';

interface FilesCase {
  name: string;
  files?: string;
  expected_file_contents?: Record<string, string>;
  expected_error?: string;
}
const filesCases = (
  parse(readCorpusFile('score-compose-tests/convert_test.cases.yaml')) as {
    files_cases: FilesCase[];
  }
).files_cases;
const corpusCase = (prefix: string): FilesCase => {
  const found = filesCases.find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`corpus case ${prefix} missing`);
  return found;
};

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
