// Compose accepts `command: "a b 'c d'"` and splits it like a POSIX shell would (without
// expansion). We do the same so provisioner output can use the short string form.
import { userError } from '../common/errors.js';

/** Splits `input` into words: whitespace separates, quotes group, backslash escapes. */
export function shellSplit(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1]!)) word += input[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < input.length) {
      if (input[i + 1] !== '\n') word += input[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote)
    throw userError('input', `unterminated ${quote === '"' ? 'double' : 'single'} quote in ${JSON.stringify(input)}`);
  if (inWord) words.push(word);
  return words;
}
