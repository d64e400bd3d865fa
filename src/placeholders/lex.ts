// Splits a string into literal text, `$$`/`$${...}` escapes and `${...}` references.
// The grammar is the reference's: `$` followed by `{...}`, `${...}` (escape) or `$` (escape);
// a lone `$`, `$FOO` or an unterminated `${` is plain text (findUnterminated finds the last for
// the Score checks). There is no nesting.

/** One piece of a string that may hold placeholders. */
export type PlaceholderToken =
  | { kind: 'text'; text: string }
  /** `$$` or `$${...}`; `raw` is the escape exactly as written. */
  | { kind: 'escape'; raw: string }
  /** `${ref}`; `ref` is the text between the braces. */
  | { kind: 'ref'; ref: string; raw: string };

const PLACEHOLDER = /\$((?:\$?\{([^}]*)\})|\$)/g;

/** Tokenises `input`; concatenating every token's text/raw gives `input` back. */
export function lexPlaceholders(input: string): PlaceholderToken[] {
  const tokens: PlaceholderToken[] = [];
  let last = 0;
  for (const match of input.matchAll(PLACEHOLDER)) {
    const start = match.index;
    if (start > last) tokens.push({ kind: 'text', text: input.slice(last, start) });
    const raw = match[0];
    if (raw.startsWith('$$')) tokens.push({ kind: 'escape', raw });
    else tokens.push({ kind: 'ref', ref: match[2] ?? '', raw });
    last = start + raw.length;
  }
  if (last < input.length) tokens.push({ kind: 'text', text: input.slice(last) });
  return tokens;
}

/**
 * The first `${` that no `}` closes, with the reference-like text after it (`${resources.db.host`
 * of `${resources.db.host:5432`), or undefined. The reference passes it through as plain text,
 * and compose then rejects the generated file.
 */
export function findUnterminated(input: string): string | undefined {
  for (const token of lexPlaceholders(input)) {
    if (token.kind !== 'text') continue;
    const at = token.text.indexOf('${');
    if (at !== -1) return /^\$\{[\w.\\-]*/.exec(token.text.slice(at))?.[0];
  }
  return undefined;
}

/** The references (`${...}` contents) in `input`, escapes excluded, in order. */
export function findReferences(input: string): string[] {
  return lexPlaceholders(input).flatMap((t) => (t.kind === 'ref' ? [t.ref] : []));
}

/** Splits a reference on `.`, where `\.` is a literal dot inside a part. */
export function splitReference(ref: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < ref.length; i++) {
    const ch = ref[i];
    if (ch === '\\' && ref[i + 1] === '.') {
      current += '.';
      i++;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
