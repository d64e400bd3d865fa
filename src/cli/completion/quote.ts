/** Quotes a word for bash and zsh: single quotes, with `'` spelled `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A candidate as the bash and powershell scripts store it: the word, a space, its description. */
export function spaced(word: string, description: string, withDescription: boolean): string {
  return withDescription && description !== '' ? `${word} ${description}` : word;
}
