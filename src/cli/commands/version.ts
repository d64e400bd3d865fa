import type { Command } from '../commander.js';
import { packageVersion } from '../../common/package-version.js';
import type { CommandContext } from '../context.js';

/** What `version` and `--version` print, in the reference's layout. */
export function versionText(): string {
  const platform = `${process.platform}/${process.arch}`;
  return `score-compose ${packageVersion()} (node ${process.versions.node} - ${platform})\ngit commit: unknown\nbuild date: unknown\n`;
}

/** `score-compose version`. */
export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .summary('Print the version of score-compose')
    .action(() => ctx.io.stdout.write(versionText()));
}
