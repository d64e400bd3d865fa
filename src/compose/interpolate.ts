// Compose's own variable interpolation. The runner starts from the in-memory project, so it must do
// what `docker compose` does to the YAML before anything else: `${VAR}` from the process env and
// `.env`, `$$` to `$`.
import { ScoreComposeError } from '../common/errors.js';
import type { ComposeProject } from './types.js';

/** Looks a variable up; undefined means unset (which differs from empty for `-`, `?` and `+`). */
export type VariableLookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

/**
 * Interpolates one string: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+a}`, `${VAR+a}`, and `$$` → `$`. An unset plain reference becomes "" and is passed
 * to `warn`. A `$` that starts nothing (`$1`, `$ `, trailing `$`) stays literal, as in compose.
 */
export function interpolate(value: string, env: VariableLookup, warn?: (name: string) => void): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    const next = value[i + 1];
    if (ch !== '$' || next === undefined) {
      out += ch;
      i++;
    } else if (next === '$') {
      out += '$';
      i += 2;
    } else if (NAME_START.test(next)) {
      let end = i + 2;
      while (end < value.length && NAME_CHAR.test(value[end] as string)) end++;
      out += lookupPlain(value.slice(i + 1, end), env, warn);
      i = end;
    } else if (next === '{') {
      const close = findClosingBrace(value, i);
      if (close < 0) throw invalidTemplate(value);
      out += resolveBraced(value.slice(i + 2, close), value, env, warn);
      i = close + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function lookupPlain(name: string, env: VariableLookup, warn?: (name: string) => void): string {
  const found = env(name);
  if (found !== undefined) return found;
  warn?.(name);
  return '';
}

/** Index of the `}` closing the `${` at `start`; nested `${` in defaults count, lone `{` do not. */
function findClosingBrace(value: string, start: number): number {
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    if (value.startsWith('${', i)) {
      depth++;
      i++;
    } else if (value[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function resolveBraced(inner: string, whole: string, env: VariableLookup, warn?: (name: string) => void): string {
  const m = BRACED.exec(inner);
  if (m === null) throw invalidTemplate(whole);
  const name = m[1] as string;
  const op = m[2];
  const arg = m[3] ?? '';
  if (op === undefined) return lookupPlain(name, env, warn);
  const found = env(name);
  const unsetOrEmpty = found === undefined || found === '';
  switch (op) {
    case ':-':
      return unsetOrEmpty ? interpolate(arg, env, warn) : found;
    case '-':
      return found ?? interpolate(arg, env, warn);
    case ':?':
    case '?':
      if (op === ':?' ? unsetOrEmpty : found === undefined) throw missingRequired(name, arg);
      return found ?? '';
    case ':+':
      return unsetOrEmpty ? '' : interpolate(arg, env, warn);
    default: // '+'
      return found === undefined ? '' : interpolate(arg, env, warn);
  }
}

function missingRequired(name: string, reason: string): ScoreComposeError {
  const suffix = reason === '' ? '' : `: ${reason}`;
  return new ScoreComposeError('input', `required variable ${name} is missing a value${suffix}`, {
    hint: `set ${name} in the environment or in the project's .env file`,
  });
}

function invalidTemplate(value: string): ScoreComposeError {
  return new ScoreComposeError('input', `invalid template: ${JSON.stringify(value)}`, {
    hint: 'You may need to escape any $ with another $.',
  });
}

/**
 * Interpolates every string value (never keys) of a compose project. Each unset variable is
 * warned about once; errors name the field, e.g. `error while interpolating services.web.environment.X: ...`.
 */
export function interpolateProject(
  project: ComposeProject,
  env: VariableLookup,
  warn?: (name: string) => void,
): ComposeProject {
  const warned = new Set<string>();
  const warnOnce = (name: string): void => {
    if (warned.has(name)) return;
    warned.add(name);
    warn?.(name);
  };
  return interpolateValue(project, [], env, warnOnce) as ComposeProject;
}

function interpolateValue(value: unknown, path: string[], env: VariableLookup, warn: (name: string) => void): unknown {
  if (typeof value === 'string') {
    try {
      return interpolate(value, env, warn);
    } catch (err) {
      throw err instanceof ScoreComposeError ? err.wrap(`error while interpolating ${path.join('.')}`) : err;
    }
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateValue(item, [...path, String(i)], env, warn));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolateValue(item, [...path, key], env, warn);
    return out;
  }
  return value;
}
