// Dollar escaping for `command` and `args`. Score does not substitute these fields, so shell
// variables must reach the container: compose would otherwise interpolate `$VAR` / `${VAR}` itself.

/** A character after `$` that makes compose read a variable reference. */
const STARTS_REFERENCE = /[A-Za-z0-9_{]/;

/**
 * Doubles every `$` that starts a variable reference (`$A`, `${B}`); a `$$` pair is an
 * escape the author already wrote and is left alone. Reads left to right, as compose does.
 */
export function escapeDollarsForCompose(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$$';
      i++;
    } else if (next !== undefined && STARTS_REFERENCE.test(next)) {
      out += '$$';
    } else {
      out += '$';
    }
  }
  return out;
}
