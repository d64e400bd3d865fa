// Provisioner files written for the Go score-compose use Go text/template syntax. Handlebars
// would either reject them with a cryptic parse error or, worse, render garbage, so we
// recognise the common Go forms up front and say what to do instead.

/** Where Go template syntax was found, and the offending mustache. */
export interface GoSyntaxFinding {
  line: number;
  col: number;
  snippet: string;
  reason: string;
}

/** The mapping shown to users whose templates use Go syntax. */
export const GO_SYNTAX_HINT =
  'Handlebars equivalents: `{{ .State.x }}` → `{{ State.x }}`, `{{ if .X }}…{{ else }}…{{ end }}` → `{{#if X}}…{{else}}…{{/if}}`, ' +
  '`{{ range .L }}` → `{{#each L}}…{{/each}}`, `{{ .X | upper }}` → `{{upper X}}`, `{{- x -}}` → `{{~x~}}`, ' +
  '`$v := …` → a helper call inline or a block param; helpers are listed in docs/template-helpers.md';

const MUSTACHE = /\{\{(\{?)([\s\S]*?)\}?\}\}/g;
const GO_KEYWORD = /^(if|range|with|end|define|template|block|break|continue)\b/;

/** Blanks out string literals so their content cannot look like code. */
export function withoutStrings(s: string): string {
  return s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, (m) => ' '.repeat(m.length));
}

function reasonFor(inner: string): string | undefined {
  if (/^\s*!/.test(inner)) return undefined; // a Handlebars comment
  if (/^-\s/.test(inner) || /\s-$/.test(inner)) return 'Go whitespace trimming `{{-`/`-}}`';
  const code = withoutStrings(inner).trim();
  if (/^\/\*/.test(code)) return 'a Go comment';
  if (/(^|[\s(])\.[A-Za-z_]/.test(code)) return 'a Go field reference starting with `.`';
  if (/(^|[\s(])\$[A-Za-z_]*\s*:?=/.test(code) || /:=/.test(code)) return 'a Go variable assignment';
  if (GO_KEYWORD.test(code)) return `the Go action \`${GO_KEYWORD.exec(code)![1]}\``;
  if (/(^|[\s(])\$[A-Za-z_.]/.test(code) || /(^|\s)\$(\s|$)/.test(code)) return 'a Go variable';
  if (/\s\|\s*[A-Za-z]/.test(code) && !/\bas\s+\|/.test(code)) return 'a Go pipeline `|`';
  return undefined;
}

/** The first Go-template construct in `source`, or undefined when it looks like Handlebars. */
export function findGoSyntax(source: string): GoSyntaxFinding | undefined {
  for (const match of source.matchAll(MUSTACHE)) {
    const reason = reasonFor(match[2] ?? '');
    if (!reason) continue;
    const before = source.slice(0, match.index);
    const line = before.split('\n').length;
    const col = match.index - (before.lastIndexOf('\n') + 1) + 1;
    return { line, col, snippet: match[0].length > 60 ? `${match[0].slice(0, 57)}...` : match[0], reason };
  }
  return undefined;
}
