// String helpers. Argument order follows sprig (the subject string comes LAST), so
// `{{ .Id | replace "." "-" }}` in Go becomes `{{replace "." "-" Id}}` in Handlebars.
import { sprint, sprintf } from './printf.js';
import { type Helper, plain, text, toCount } from './values.js';

/**
 * Go regexps may start with inline flags such as `(?i)` or `(?s)`, which JavaScript
 * (Node 20) does not accept; turn a leading flag group into RegExp flags.
 */
export function goRegExp(pattern: string, global = false): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Go's `${1}` / `${name}` replacement syntax in JavaScript's `$1` / `$<name>` form. */
function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\w+)\}/g, (_m, name: string) => (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`));
}

function indentLines(n: unknown, s: unknown): string {
  const pad = ' '.repeat(toCount(n, 'indent'));
  return pad + text(s).replace(/\n/g, `\n${pad}`);
}

function splitList(sep: unknown, s: unknown): string[] {
  return text(s).split(text(sep));
}

/** String helpers by name. */
export const stringHelpers: Record<string, Helper> = {
  /** `quote a b`: each argument double-quoted with escapes (valid YAML and JSON), space-separated. */
  quote: plain((...args) =>
    args
      .filter((a) => a !== undefined && a !== null)
      .map((a) => JSON.stringify(text(a)))
      .join(' '),
  ),
  /** `squote a`: single-quoted; an embedded `'` is doubled, as YAML single quotes require. */
  squote: plain((...args) =>
    args
      .filter((a) => a !== undefined && a !== null)
      .map((a) => `'${text(a).replace(/'/g, "''")}'`)
      .join(' '),
  ),
  /** `lower s` */
  lower: plain((s) => text(s).toLowerCase()),
  /** `upper s` */
  upper: plain((s) => text(s).toUpperCase()),
  /** `replace old new s`: every occurrence. */
  replace: plain((from, to, s) => text(s).split(text(from)).join(text(to))),
  /** `trimSuffix suffix s` */
  trimSuffix: plain((suffix, s) => {
    const str = text(s);
    const suf = text(suffix);
    return suf !== '' && str.endsWith(suf) ? str.slice(0, -suf.length) : str;
  }),
  /** `trimPrefix prefix s` */
  trimPrefix: plain((prefix, s) => {
    const str = text(s);
    return str.startsWith(text(prefix)) ? str.slice(text(prefix).length) : str;
  }),
  /** `trim s`: surrounding whitespace removed. */
  trim: plain((s) => text(s).trim()),
  /** `indent n s`: every line of s prefixed with n spaces. */
  indent: plain((n, s) => indentLines(n, s)),
  /** `nindent n s`: a newline, then `indent n s` (for block values in YAML). */
  nindent: plain((n, s) => `\n${indentLines(n, s)}`),
  /** `cat a b ...`: arguments joined with spaces, nulls skipped. */
  cat: plain((...args) =>
    args
      .filter((a) => a !== undefined && a !== null)
      .map(text)
      .join(' '),
  ),
  /** `join sep list` */
  join: plain((sep, list) => (Array.isArray(list) ? list.map(text).join(text(sep)) : text(list))),
  /** `splitList sep s`: a list of parts. */
  splitList: plain(splitList),
  /** `split sep s`: same as splitList (sprig's map-returning split has no use in Handlebars). */
  split: plain(splitList),
  /** `contains substr s` */
  contains: plain((sub, s) => text(s).includes(text(sub))),
  /** `hasPrefix prefix s` */
  hasPrefix: plain((prefix, s) => text(s).startsWith(text(prefix))),
  /** `hasSuffix suffix s` */
  hasSuffix: plain((suffix, s) => text(s).endsWith(text(suffix))),
  /** `regexMatch regex s`: true when the regex matches anywhere in s. */
  regexMatch: plain((re, s) => goRegExp(text(re)).test(text(s))),
  /** `regexReplaceAll regex s replacement`: `$1` / `${1}` / `${name}` expand groups. */
  regexReplaceAll: plain((re, s, repl) => text(s).replace(goRegExp(text(re), true), goReplacement(text(repl)))),
  /** `atoi s`: the integer value of s, 0 when it is not one (as sprig). */
  atoi: plain((s) => {
    const n = Number.parseInt(text(s).trim(), 10);
    return Number.isNaN(n) || !/^[+-]?\d+$/.test(text(s).trim()) ? 0 : n;
  }),
  /** `toString v`: v printed as Go's `%v`. */
  toString: plain((v) => text(v)),
  /** `printf format args...`: Go fmt.Sprintf (%s %d %v %q %f %t %x, width, precision). */
  printf: plain((format, ...args) => sprintf(text(format), args)),
  /** `print args...`: Go fmt.Sprint (spaces only between two non-string operands). */
  print: plain((...args) => sprint(args)),
};
