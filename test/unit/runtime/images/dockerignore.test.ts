import { describe, expect, it } from 'vitest';
import { isIgnored, mayReincludeUnder, parseDockerignore } from '../../../../src/runtime/images/build-context.js';

function ignored(text: string, path: string): boolean {
  return isIgnored(parseDockerignore(text), path);
}

describe('parseDockerignore', () => {
  it('skips comments and blank lines, cleans leading and trailing slashes', () => {
    const { rules } = parseDockerignore('# comment\n\n  /build/  \n!keep.txt\n./a/../b\n');
    expect(rules.map((r) => [r.pattern, r.exception])).toEqual([
      ['build', false],
      ['keep.txt', true],
      ['b', false],
    ]);
  });
});

describe('isIgnored', () => {
  it('matches a plain name at the root only', () => {
    expect(ignored('secret.txt', 'secret.txt')).toBe(true);
    expect(ignored('secret.txt', 'sub/secret.txt')).toBe(false);
    expect(ignored('secret.txt', 'secret.txt.bak')).toBe(false);
  });

  it('treats a matching directory as matching everything below it', () => {
    expect(ignored('node_modules', 'node_modules/a/b.js')).toBe(true);
    expect(ignored('/build/', 'build/out/x')).toBe(true);
    expect(ignored('build/', 'src/build')).toBe(false);
  });

  it('keeps * and ? inside one path segment', () => {
    expect(ignored('*.log', 'a.log')).toBe(true);
    expect(ignored('*.log', 'dir/a.log')).toBe(false);
    expect(ignored('*/*.log', 'dir/a.log')).toBe(true);
    expect(ignored('file?.txt', 'file1.txt')).toBe(true);
    expect(ignored('file?.txt', 'file12.txt')).toBe(false);
    expect(ignored('a?b', 'a/b')).toBe(false);
  });

  it('lets ** span any number of directories, including none', () => {
    expect(ignored('**/*.log', 'a.log')).toBe(true);
    expect(ignored('**/*.log', 'x/y/z/a.log')).toBe(true);
    expect(ignored('a/**/b', 'a/b')).toBe(true);
    expect(ignored('a/**/b', 'a/x/y/b')).toBe(true);
    expect(ignored('a/**', 'a/x/y')).toBe(true);
    expect(ignored('a/**/b', 'c/a/x/b')).toBe(false);
  });

  it('supports character classes and escapes', () => {
    expect(ignored('file[0-9].txt', 'file3.txt')).toBe(true);
    expect(ignored('file[0-9].txt', 'filex.txt')).toBe(false);
    expect(ignored('file[!0-9].txt', 'filex.txt')).toBe(true);
    expect(ignored('star\\*', 'star*')).toBe(true);
    expect(ignored('star\\*', 'starx')).toBe(false);
    expect(ignored('a.b', 'axb')).toBe(false);
  });

  it('matches case-sensitively and takes characters literally that are regex but not glob syntax', () => {
    expect(ignored('Secret.txt', 'secret.txt')).toBe(false);
    expect(ignored('c++', 'c++')).toBe(true);
    expect(ignored('f(1).txt', 'f(1).txt')).toBe(true);
    expect(ignored('f(1).txt', 'f1.txt')).toBe(false);
    expect(ignored('a{1}|b^$', 'a{1}|b^$')).toBe(true);
    expect(ignored('[abc', '[abc')).toBe(true);
    expect(ignored('[*]', '*')).toBe(true);
    expect(ignored('[*]', 'x')).toBe(false);
    expect(ignored('back\\', 'back\\')).toBe(true);
    expect(ignored('/#notes', '#notes')).toBe(true);
  });

  it('applies exceptions, the last matching line winning', () => {
    const text = '*.md\n!README.md\nREADME*.md\n!README-keep.md';
    expect(ignored(text, 'CHANGES.md')).toBe(true);
    expect(ignored(text, 'README-x.md')).toBe(true);
    expect(ignored(text, 'README-keep.md')).toBe(false);
    expect(ignored('*.md\n!README.md', 'README.md')).toBe(false);
  });

  it('re-includes a file inside an excluded directory', () => {
    const rules = parseDockerignore('docs\n!docs/keep.md');
    expect(isIgnored(rules, 'docs/other.md')).toBe(true);
    expect(isIgnored(rules, 'docs/keep.md')).toBe(false);
    expect(mayReincludeUnder(rules, 'docs')).toBe(true);
    expect(mayReincludeUnder(rules, 'src')).toBe(false);
    expect(mayReincludeUnder(parseDockerignore('docs\n!**/*.md'), 'docs')).toBe(true);
  });
});
