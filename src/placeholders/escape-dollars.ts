// Dollar escaping for compose, which interpolates every value of compose.yaml (`$VAR`, `${VAR}`,
// `$$` → `$`). Two rules:
// - `command`, `args` and exec probes: Score does not substitute them, so shell variables must
//   reach the container; the reference's rule doubles each `$` that starts a reference and keeps
//   a `$$` the author already wrote (escapeDollarsForCompose).
// - literal data (resource outputs, metadata, paths, annotations): every `$` is doubled, so compose
//   reads the value back byte for byte (escapeAllDollars).

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

/** Every `$` doubled: compose reads the result back as exactly `s`, interpolating nothing. */
export function escapeAllDollars(s: string): string {
  return s.includes('$') ? s.replaceAll('$', '$$$$') : s;
}
