import { shellSplit } from '../../src/compose/shell-split.js';

/** Splits a command line like a POSIX shell would (quotes and backslashes; no expansion). */
export const shellWords = shellSplit;

/** The `score-compose ...` lines of the first ```sh block of a README, as argv lists. */
export function readmeCommands(markdown: string): string[][] {
  const block = /```sh\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('score-compose '))
    .map((l) => shellSplit(l).slice(1));
}
