// Which strings compose's interpolation rejects (`invalid interpolation format`), decided the way
// compose-go v2 (template/template.go, used by Compose v2.2x) decides it, so that a value we
// write is one compose accepts. Only the syntax is checked: whether a variable is set never
// matters here, except that `${VAR?message}` fails at run time when VAR is unset (a deliberate
// requirement, not a syntax error).
//
// compose-go's algorithm, kept step for step because its corners are the grammar:
// - a regular expression finds `$$`, `$name`, `${name}` / `${name<op>rest}` (where `rest` runs to
//   the last `}` on the line) or a bare `${` (invalid); a `$` before anything else is literal;
// - for each `${...}` match, the text up to the first `}` closing the first `{` (each `{` skips
//   the character after it) is the reference, and what follows is interpolated on its own;
// - the operator is the one of `:?` `?` `:-` `-` `:+` `+` appearing first in the whole match;
//   its argument (default, alternative or error message) is interpolated as well, always.

const PATTERN_SOURCE = String.raw`\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}|()))`;
const ALL = new RegExp(PATTERN_SOURCE, 'giu');
const FIRST = new RegExp(PATTERN_SOURCE, 'iu');
const OPERATORS = [':?', '?', ':-', '-', ':+', '+'] as const;

/** Why compose would reject `value` as an interpolation template, or undefined when it accepts it. */
export function interpolationProblem(value: string): string | undefined {
  if (!value.includes('$')) return undefined;
  return substitute(value, 0) ? undefined : `invalid interpolation format in ${JSON.stringify(value)}`;
}

/** True when compose-go's Substitute(template) succeeds (with every variable set). */
function substitute(template: string, depth: number): boolean {
  // A nested argument is shorter than its template, so this ends; the bound keeps the stack small.
  if (depth > 100) return false;
  for (const match of template.matchAll(ALL)) {
    if (!replacement(match[0], depth)) return false;
  }
  return true;
}

/** compose-go's DefaultReplacementAppliedFunc for one match: false where it returns an error. */
function replacement(whole: string, depth: number): boolean {
  const operator = firstOperator(whole);
  let substring = whole;
  let rest = '';
  const close = firstBraceClosingIndex(whole);
  if (close > -1) {
    rest = whole.slice(close + 1);
    substring = whole.slice(0, close + 1);
  }
  const groups = FIRST.exec(substring);
  if (groups?.[1] !== undefined || groups?.[2] !== undefined) return true; // `$$` or `$name`
  const braced = groups?.[3];
  if (braced === undefined || braced === '') return false;
  if (operator === undefined || !braced.includes(operator)) return true; // a plain lookup
  const argument = braced.slice(braced.indexOf(operator) + operator.length);
  return substitute(argument, depth + 1) && substitute(rest, depth + 1);
}

/** The operator appearing first in `template` (the longer one first at the same place), if any. */
function firstOperator(template: string): string | undefined {
  let best: string | undefined;
  let at = Infinity;
  for (const op of OPERATORS) {
    const i = template.indexOf(op);
    if (i >= 0 && i < at) {
      best = op;
      at = i;
    }
  }
  return best;
}

function firstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}
