import type { Command, Option } from '../commander.js';

/** One flag as the completion scripts offer it. */
export interface CompletionFlag {
  /** Its spellings, short one first: `['-o', '--output']`. */
  names: string[];
  /** First line of its help text. */
  description: string;
  /** The next word is the flag's value, so it is neither a sub-command nor an argument. */
  takesValue: boolean;
}

/** One command of the tree and what may follow it on the command line. */
export interface CompletionNode {
  /** The command's words from the root, e.g. `['score-compose', 'provisioners', 'list']`. */
  path: string[];
  /** First line of its summary (or description). */
  description: string;
  /** Its own flags and those of its ancestors, which commander also accepts after it. */
  flags: CompletionFlag[];
  /** Visible sub-commands, in help order. */
  children: CompletionNode[];
  /** Whether positional arguments (mostly files) may follow. */
  takesArguments: boolean;
}

/** What every shell generator is given. */
export interface CompletionOptions {
  /** Show descriptions beside the candidates (off with `--no-descriptions`). */
  descriptions: boolean;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
}

function toFlag(option: Option): CompletionFlag {
  const names = [option.short, option.long].filter((n): n is string => typeof n === 'string');
  return { names, description: firstLine(option.description), takesValue: option.required || option.optional };
}

function flagsOf(command: Command): CompletionFlag[] {
  const own = command.createHelp().visibleOptions(command).map(toFlag);
  const seen = new Set(own.flatMap((f) => f.names));
  const inherited: CompletionFlag[] = [];
  for (let up = command.parent; up; up = up.parent) {
    for (const option of up.options.filter((o) => !o.hidden)) {
      // A command's own flag wins a clash (`down -v` is --volumes); the other spelling stays.
      const flag = toFlag(option);
      const names = flag.names.filter((n) => !seen.has(n));
      if (names.length === 0) continue;
      names.forEach((n) => seen.add(n));
      inherited.push({ ...flag, names });
    }
  }
  return [...own, ...inherited];
}

function describeNode(command: Command, parentPath: string[]): CompletionNode {
  const path = [...parentPath, command.name()];
  const help = command.createHelp();
  return {
    path,
    description: firstLine(command.summary() || command.description()),
    flags: flagsOf(command),
    // visibleCommands includes commander's implicit `help` command, as the help text does.
    children: help.visibleCommands(command).map((child) => describeNode(child, path)),
    takesArguments: command.registeredArguments.length > 0,
  };
}

/** Reads the live commander tree into plain values, so the shell generators stay pure. */
export function describeCommandTree(root: Command): CompletionNode {
  return describeNode(root, []);
}

/** Every node of the tree, parents before children. */
export function walkTree(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(walkTree)];
}
