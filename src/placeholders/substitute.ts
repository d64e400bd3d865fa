// Placeholder substitution in strings and in nested params; a value that is not a string is
// inserted as JSON with sorted keys.
import { ScoreComposeError } from '../common/errors.js';
import { encodeSortedJson } from './encode-json.js';
import { lexPlaceholders } from './lex.js';
import type { Resolver } from './types.js';

/**
 * What happens to `$$` and `$${...}`: `unescape` drops one `$` (files, params, volume sources);
 * `keep` leaves them verbatim because compose un-escapes container variables itself.
 */
export type EscapeMode = 'unescape' | 'keep';

/** Replaces every `${ref}` in `input`; all failing references are reported together, one per line. */
export function substituteString(input: string, resolve: Resolver, escapes: EscapeMode): string {
  const errors: ScoreComposeError[] = [];
  let out = '';
  for (const token of lexPlaceholders(input)) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'escape') out += escapes === 'keep' ? token.raw : token.raw.slice(1);
    else {
      try {
        out += renderValue(resolve(token.ref));
      } catch (err) {
        if (!(err instanceof ScoreComposeError)) throw err;
        errors.push(err);
        out += token.raw;
      }
    }
  }
  // One failure is the message itself; several are also listed one per detail line. The first
  // failure is the cause (it names the placeholder), and the first hint is kept.
  if (errors.length > 0) {
    const messages = errors.map((e) => e.message);
    const hint = errors.find((e) => e.hint !== undefined)?.hint;
    throw new ScoreComposeError('input', messages.join('\n'), {
      ...(errors.length > 1 ? { details: messages } : {}),
      ...(hint === undefined ? {} : { hint }),
      cause: errors[0],
    });
  }
  return out;
}

/**
 * Substitutes every string inside `value` (maps and lists, values only, keys untouched) with
 * default unescaping. The first failure is thrown, prefixed by its path (`a: 0: b: ...`).
 */
export function substituteDeep(value: unknown, resolve: Resolver): unknown {
  if (typeof value === 'string') return substituteString(value, resolve, 'unescape');
  if (Array.isArray(value)) return value.map((item, i) => atPath(String(i), () => substituteDeep(item, resolve)));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = atPath(key, () => substituteDeep(item, resolve));
    }
    return out;
  }
  return value;
}

function atPath(segment: string, run: () => unknown): unknown {
  try {
    return run();
  } catch (err) {
    throw err instanceof ScoreComposeError ? err.wrap(segment) : err;
  }
}

/** Strings go in as they are; anything else as compact JSON with sorted keys. */
function renderValue(value: unknown): string {
  return typeof value === 'string' ? value : encodeSortedJson(value);
}
