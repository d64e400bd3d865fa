import type { Command } from '../commander.js';
import { userError } from '../../common/errors.js';
import type { CommandContext } from '../context.js';
import { PROJECT_NAME_HELP } from '../flags.js';

/** `score-compose ps`: the project's containers, as a table or JSON. */
export function registerPs(program: Command, ctx: CommandContext): void {
  program
    .command('ps')
    .argument('[services...]', 'only these services')
    .summary('List the containers of the project')
    .option('-a, --all', 'include stopped containers')
    .option('-f, --format <format>', 'table, or json (one object per line, with docker compose ps keys)', 'table')
    .option('--project-name <name>', PROJECT_NAME_HELP)
    .action(async (services: string[], o: { all?: boolean; format: string; projectName?: string }) => {
      const { psStack } = await import('../../api/ps.js');
      if (o.format !== 'table' && o.format !== 'json') {
        throw userError('usage', `invalid format '${o.format}'`, { hint: 'use --format table or --format json' });
      }
      const { formatPsJson, formatPsTable } = await import('../../runtime/ps.js');
      const rows = await psStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        all: o.all ?? false,
        services,
      });
      ctx.io.stdout.write(o.format === 'json' ? formatPsJson(rows) : formatPsTable(rows));
    });
}
