import type { Command } from '../commander.js';
import { packageVersion } from '../../common/package-version.js';
import type { CommandContext } from '../context.js';

/** What `version` and `--version` print, in the reference's layout. */
export function versionText(tool = 'score-compose'): string {
  const platform = `${process.platform}/${process.arch}`;
  return `${tool} ${packageVersion()} (node ${process.versions.node} - ${platform})\ngit commit: unknown\nbuild date: unknown\n`;
}

/** `score-compose version` (and score-k8s's). */
export function registerVersion(program: Command, ctx: CommandContext, tool = 'score-compose'): void {
  program
    .command('version')
    .summary(`Print the version of ${tool}`)
    .action(() => ctx.io.stdout.write(versionText(tool)));
}
