// `.dockerignore` semantics, as the Docker CLI applies them to a build context:
// one pattern per line, `#` comments, `!` re-includes, the last matching line wins,
// and a pattern that matches a directory also matches everything below it.

import { posix } from 'node:path';

/** One parsed `.dockerignore` line. */
export interface IgnoreRule {
  /** The cleaned pattern, relative to the context root, without `!`. */
  pattern: string;
  /** True for `!pattern` lines, which re-include what earlier lines excluded. */
  exception: boolean;
  regex: RegExp;
}

/** Parses the text of a `.dockerignore` file into rules, in file order. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    if (exception) line = line.slice(1).trim();
    const pattern = cleanPattern(line);
    if (pattern === '') continue;
    rules.push({ pattern, exception, regex: patternToRegex(pattern) });
  }
  return rules;
}

/** Whether a context-relative path (`/`-separated) is excluded by the rules. */
export function isIgnored(rules: readonly IgnoreRule[], relPath: string): boolean {
  const candidates = selfAndParents(relPath);
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((p) => rule.regex.test(p))) ignored = !rule.exception;
  }
  return ignored;
}

/** Whether an excluded directory must still be walked, because an exception may re-include something in it. */
export function mayReincludeUnder(rules: readonly IgnoreRule[], dirPath: string): boolean {
  return rules.some((r) => r.exception && exceptionMayReachInto(r.pattern, dirPath));
}

// Patterns are relative to the context root: a leading `/`, `./` and a trailing `/` carry no meaning.
function cleanPattern(pattern: string): string {
  const p = posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
  return p === '.' ? '' : p;
}

function selfAndParents(relPath: string): string[] {
  const parts = relPath.split('/');
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

// A cheap over-approximation: the literal prefix of the exception (up to its first wildcard)
// must be compatible with the directory path for anything below that directory to match.
function exceptionMayReachInto(pattern: string, dirPath: string): boolean {
  const wild = pattern.search(/[*?[\\]/);
  const literal = wild === -1 ? pattern : pattern.slice(0, wild);
  const dir = `${dirPath}/`;
  return literal.startsWith(dir) || dir.startsWith(literal);
}

/** Translates one cleaned pattern into an anchored regular expression (Go filepath.Match plus `**`). */
export function patternToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` and `**` alike may span any number of directories, including none.
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      re += escapeRegex(pattern.charAt(i));
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
      } else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body}]`;
        i = end;
      }
    } else {
      re += escapeRegex(ch);
    }
  }
  return new RegExp(`^${re}$`);
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
