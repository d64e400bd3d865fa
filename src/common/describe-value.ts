// How error messages name a decoded value ("must be a string, got the number 8080"): in the
// words a user sees in their YAML file, never a JS type name alone.

/** A string as a message shows it: single-quoted, escaped like JSON, cut after 60 characters. */
export function quoteText(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return `'${JSON.stringify(short).slice(1, -1).replace(/\\"/g, '"')}'`;
}

function codeText(text: string): string {
  return `\`${text.length > 40 ? `${text.slice(0, 40)}...` : text}\``;
}

/**
 * `nothing`, `a list`, `a map`, `the number 8080`, `the boolean true`, `the string 'x'`.
 * With `code`, scalars are shown as code: `` the number `8080` ``, `` the string `x` ``.
 */
export function describeValue(value: unknown, style: 'plain' | 'code' = 'plain'): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const show = style === 'code' ? (s: string) => codeText(s) : (s: string) => s;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${show(String(value))}`;
  if (typeof value === 'string') return `the string ${style === 'code' ? codeText(value) : quoteText(value)}`;
  return `a ${typeof value}`;
}
