import type { Command } from '../commander.js';
import type { CommandContext } from '../context.js';
import { PROJECT_NAME_HELP } from '../flags.js';

/** `score-compose ps`: the project's containers, as a table or JSON. */
export function registerPs(program: Command, ctx: CommandContext): void {
  program
    .command('ps')
    .argument('[services...]', 'only these services')
    .summary('List the containers of the project')
    .option('-a, --all', 'include stopped containers')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--project-name <name>', PROJECT_NAME_HELP)
    .action(async (services: string[], o: { all?: boolean; format: string; projectName?: string }) => {
      const { psStack } = await import('../../api/ps.js');
      const { formatPsTable } = await import('../../runtime/ps.js');
      const rows = await psStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        all: o.all ?? false,
        services,
      });
      ctx.io.stdout.write(o.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatPsTable(rows));
    });
}
