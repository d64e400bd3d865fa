/** sprig's regular expressions: Go's RE2 syntax run by JavaScript's engine (a leading (?i) becomes a flag). */
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { newStringList } from '../values.js';

const S = 'string';

/** Compiles a Go regexp for JavaScript; throws GoCallError like regexp.Compile. */
function compile(re: string, global: boolean): RegExp {
  let src = re;
  let flags = global ? 'g' : '';
  const m = /^\(\?([ims]+)\)/.exec(src);
  if (m?.[1]) {
    flags += m[1];
    src = src.slice(m[0].length);
  }
  try {
    return new RegExp(src, `${flags}u`);
  } catch {
    try {
      return new RegExp(src, flags);
    } catch (e) {
      throw new GoCallError(`error parsing regexp: ${(e as Error).message}`);
    }
  }
}

/** Go's Expand template: $1, ${1}, $name → JavaScript's $1, $<name>. */
function goReplacement(repl: string): string {
  return repl.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_m, whole: string, braced?: string, bare?: string) => {
    if (whole === '$') return '$$';
    const name = braced ?? bare ?? '';
    return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
  });
}

const matchOr = (re: string, s: string, orElse: boolean): boolean => {
  try {
    return compile(re, false).test(s);
  } catch (e) {
    if (orElse) return false;
    throw e;
  }
};

function findAll(re: string, s: string, n: number): string[] {
  const all = [...s.matchAll(compile(re, true))].map((m) => m[0]);
  return n < 0 ? all : all.slice(0, n);
}

export const REGEX_FUNCS: [string, TemplateFunction][] = [
  ['regexMatch', fn([S, S], (re, s) => matchOr(re as string, s as string, true))],
  ['mustRegexMatch', fn([S, S], (re, s) => matchOr(re as string, s as string, false))],
  ['regexFind', fn([S, S], (re, s) => compile(re as string, false).exec(s as string)?.[0] ?? '')],
  ['mustRegexFind', fn([S, S], (re, s) => compile(re as string, false).exec(s as string)?.[0] ?? '')],
  ['regexFindAll', fn([S, S, 'int'], (re, s, n) => newStringList(findAll(re as string, s as string, n as number)))],
  ['mustRegexFindAll', fn([S, S, 'int'], (re, s, n) => newStringList(findAll(re as string, s as string, n as number)))],
  [
    'regexReplaceAll',
    fn([S, S, S], (re, s, r) => (s as string).replace(compile(re as string, true), goReplacement(r as string))),
  ],
  [
    'mustRegexReplaceAll',
    fn([S, S, S], (re, s, r) => (s as string).replace(compile(re as string, true), goReplacement(r as string))),
  ],
  [
    'regexReplaceAllLiteral',
    fn([S, S, S], (re, s, r) => (s as string).replace(compile(re as string, true), () => r as string)),
  ],
  [
    'mustRegexReplaceAllLiteral',
    fn([S, S, S], (re, s, r) => (s as string).replace(compile(re as string, true), () => r as string)),
  ],
  ['regexSplit', fn([S, S, 'int'], (re, s, n) => newStringList(regexSplit(re as string, s as string, n as number)))],
  [
    'mustRegexSplit',
    fn([S, S, 'int'], (re, s, n) => newStringList(regexSplit(re as string, s as string, n as number))),
  ],
  ['regexQuoteMeta', fn([S], (s) => (s as string).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'))],
];

function regexSplit(re: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const parts = s.split(compile(re, true));
  if (n < 0 || parts.length <= n) return parts;
  return parts.slice(0, n);
}
