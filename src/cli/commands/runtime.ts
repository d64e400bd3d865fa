import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `up`, `down`, `ps`, `logs`: registered once the runtime lands (issue 4). */
export function registerRuntimeCommands(_program: Command, _ctx: CommandContext): void {}
