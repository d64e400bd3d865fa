import type { Command } from '../commander.js';
import { userError } from '../../common/errors.js';
import { describeCommandTree } from '../completion/command-tree.js';
import { SHELLS } from '../completion/shells.js';
import type { CommandContext } from '../context.js';

/**
 * `score-compose completion [bash|fish|powershell|zsh] [--no-descriptions]`, and the same for
 * score-k8s: the scripts are made from the program's own tree and name.
 */
export function registerCompletion(program: Command, ctx: CommandContext): void {
  const tool = program.name();
  const completion = program
    .command('completion')
    .summary('Generate the autocompletion script for the specified shell')
    .description(
      `Generate the autocompletion script for ${tool} for the specified shell.\nSee each sub-command's help for details on how to use the generated script.`,
    )
    .helpCommand(false)
    // Without a shell the command prints its help on stdout (exit 0); a wrong shell is named in the error.
    .allowExcessArguments()
    .action(() => {
      const [shell] = completion.args;
      if (shell !== undefined) {
        throw userError('usage', `unknown shell "${shell}" for "${tool} completion"`, {
          hint: `choose one of: ${SHELLS.map((s) => s.name).join(', ')}`,
        });
      }
      completion.help();
    });
  for (const shell of SHELLS) {
    completion
      .command(shell.name)
      .summary(`Generate the autocompletion script for ${shell.name}`)
      // The usage texts are written for score-compose; the commands and file names are the tool's.
      .description(shell.usage.replaceAll('score-compose', tool))
      .option('--no-descriptions', 'disable completion descriptions')
      .action((o: { descriptions: boolean }) => {
        // Read the tree when run, so every command registered after this one is included.
        ctx.io.stdout.write(shell.script(describeCommandTree(program), { descriptions: o.descriptions }));
      });
  }
}
