import type { Command } from '../commander.js';
import { checkVersion } from '../../api/check-version.js';
import { packageVersion } from '../../common/package-version.js';
import { SCORE_COMPOSE, type Tool } from '../../common/tool.js';

/** `score-compose check-version <constraint>`: fail unless this version satisfies it. */
export function registerCheckVersion(program: Command, tool: Tool = SCORE_COMPOSE): void {
  program
    .command('check-version')
    .argument('<constraint>', "a version constraint: '>=1.2.3', '>1.2', '=1' (no operator means '=')")
    .summary(`Assert that the version of ${tool.name} matches the required constraint`)
    .addHelpText('after', `\nExamples:\n  ${tool.name} check-version ">=0.1.0"\n`)
    .action((constraint: string) => {
      checkVersion(constraint, packageVersion());
    });
}
