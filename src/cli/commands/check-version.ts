import type { Command } from '../commander.js';
import { checkVersion } from '../../api/check-version.js';
import { packageVersion } from '../../common/package-version.js';

/** `score-compose check-version <constraint>`: fail unless this version satisfies it. */
export function registerCheckVersion(program: Command): void {
  program
    .command('check-version')
    .argument('<constraint>', "a version constraint: '>=1.2.3', '>1.2', '=1' (no operator means '=')")
    .summary('Assert that the version of score-compose matches the required constraint')
    .addHelpText('after', '\nExamples:\n  score-compose check-version ">=0.1.0"\n')
    .action((constraint: string) => {
      checkVersion(constraint, packageVersion());
    });
}
