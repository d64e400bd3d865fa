import { BASH_USAGE, bashScript } from './bash.js';
import type { CompletionNode, CompletionOptions } from './command-tree.js';
import { FISH_USAGE, fishScript } from './fish.js';
import { POWERSHELL_USAGE, powershellScript } from './powershell.js';
import { ZSH_USAGE, zshScript } from './zsh.js';

/** One shell `completion` can write a script for. */
export interface ShellCompletion {
  name: string;
  /** Long help: how to load the script. */
  usage: string;
  script(tree: CompletionNode, options: CompletionOptions): string;
}

/** The supported shells, in help order. */
export const SHELLS: readonly ShellCompletion[] = [
  { name: 'bash', usage: BASH_USAGE, script: bashScript },
  { name: 'fish', usage: FISH_USAGE, script: fishScript },
  { name: 'powershell', usage: POWERSHELL_USAGE, script: powershellScript },
  { name: 'zsh', usage: ZSH_USAGE, script: zshScript },
];
