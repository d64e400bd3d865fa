/** strconv.Quote, QuoteToASCII and QuoteRune: Go's escaping of strings and runes. */

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

function escapeRune(ch: string, quote: string, asciiOnly: boolean): string {
  const c = ch.codePointAt(0) ?? 0;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (asciiOnly ? c < 0x80 && isPrint(ch) : isPrint(ch)) return ch;
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
  }
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (c < 0x10000) return `\\u${c.toString(16).padStart(4, '0')}`;
  return `\\U${c.toString(16).padStart(8, '0')}`;
}

/** strconv.Quote (or QuoteToASCII when `asciiOnly`). */
export function quoteGo(s: string, asciiOnly: boolean): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune (or QuoteRuneToASCII when `asciiOnly`). */
export function quoteRune(r: number, asciiOnly: boolean): string {
  return `'${escapeRune(String.fromCodePoint(r), "'", asciiOnly)}'`;
}
