// The project's `.env` file, which compose reads for interpolation.
import { ScoreComposeError } from '../common/errors.js';
import { interpolate, type VariableLookup } from './interpolate.js';

const KEY = /^[A-Za-z0-9_.\-[\]]+$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'", $: '$$' };

/**
 * Parses `KEY=VALUE` lines: `#` comments, an optional `export ` prefix, single quotes (literal),
 * double quotes (escapes such as `\n`, may span lines), unquoted values with ` # comment`
 * stripped. Unquoted and double-quoted values expand `${VAR}` from earlier keys, then `lookup`.
 * A bare `KEY` takes its value from `lookup`, and is skipped when that has none.
 */
export function parseDotEnv(text: string, lookup: VariableLookup = () => undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  const env: VariableLookup = (name) => (Object.hasOwn(vars, name) ? vars[name] : lookup(name));
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = (lines[n] as string).trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (!KEY.test(key)) throw dotEnvError(lineNo, `invalid variable name '${key}'`);
    if (eq < 0) {
      const inherited = lookup(key);
      if (inherited !== undefined) vars[key] = inherited;
      continue;
    }
    let rest = body.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue over the next lines until its closing quote.
      let close = findClosingQuote(rest, quote);
      while (close < 0 && n + 1 < lines.length) {
        rest += `\n${lines[++n] as string}`;
        close = findClosingQuote(rest, quote);
      }
      if (close < 0) throw dotEnvError(lineNo, `unterminated quoted value for '${key}'`);
      const trailing = rest.slice(close + 1).trim();
      if (trailing !== '' && !trailing.startsWith('#')) {
        throw dotEnvError(lineNo, `unexpected text after the quoted value of '${key}'`);
      }
      const inner = rest.slice(1, close);
      vars[key] = quote === "'" ? inner : interpolate(unescapeDoubleQuoted(inner), env);
    } else {
      vars[key] = interpolate(rest.replace(/(^|\s)#.*$/, '').trim(), env);
    }
  }
  return vars;
}

function findClosingQuote(s: string, quote: string): number {
  for (let i = 1; i < s.length; i++) {
    if (quote === '"' && s[i] === '\\') i++;
    else if (s[i] === quote) return i;
  }
  return -1;
}

/** Backslash escapes of a double-quoted value; `\$` becomes `$$` so interpolation leaves a literal `$`. */
function unescapeDoubleQuoted(s: string): string {
  return s.replace(/\\([\s\S])/g, (whole, ch: string) => ESCAPES[ch] ?? whole);
}

function dotEnvError(line: number, msg: string): ScoreComposeError {
  return new ScoreComposeError('input', `line ${line}: ${msg}`);
}
