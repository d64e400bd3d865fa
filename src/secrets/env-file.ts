// The secrets file: `.env` beside compose.yaml, which `docker compose` reads for interpolation
// with no flag. The user may keep variables of their own there, so ours live in one delimited
// block that every run rewrites, and the lines around it are kept as they are.

export const SECRETS_FILE = '.env';
const BEGIN = '# >>> score-compose: generated secrets, rewritten by every run (keep this file out of git) >>>';
const END = '# <<< score-compose: generated secrets <<<';

/** A value as compose's `.env` reads it back byte for byte: single-quoted (literal) when it can be. */
export function quoteEnvValue(value: string): string {
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/[\\"$]/g, '\\$&')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  return `"${escaped}"`;
}

/** `text` without our block (a block cut short by a hand edit runs to the end). */
function withoutBlock(text: string): string {
  const lines = text.split('\n');
  const begin = lines.indexOf(BEGIN);
  if (begin < 0) return text;
  const end = lines.indexOf(END, begin);
  const rest = [...lines.slice(0, begin), ...(end < 0 ? [] : lines.slice(end + 1))];
  return rest.join('\n');
}

/**
 * The secrets file's next text: `existing` (the file as it is, or what `--env-file` writes there)
 * with our block replaced by `variables`; null when nothing would be left (the file goes).
 */
export function secretsFileText(existing: string | undefined, variables: Record<string, string>): string | null {
  let rest = withoutBlock(existing ?? '');
  const names = Object.keys(variables);
  if (names.length === 0) return rest.trim() === '' ? null : rest;
  if (rest !== '' && !rest.endsWith('\n')) rest += '\n';
  const block = [BEGIN, ...names.map((n) => `${n}=${quoteEnvValue(variables[n]!)}`), END].join('\n');
  return `${rest}${block}\n`;
}

/** Whether the text holds our block (so an inline run knows there is one to take out). */
export function hasSecretsBlock(text: string): boolean {
  return text.split('\n').includes(BEGIN);
}
