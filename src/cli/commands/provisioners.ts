import { type Command, Option } from '../commander.js';
import { join } from 'node:path';
import { userError } from '../../common/errors.js';
import { stateDirExists } from '../../state/store.js';
import { SCORE_COMPOSE, type Tool } from '../../common/tool.js';
import type { CommandContext } from '../context.js';
import { renderGrid, tableWidth } from '../table.js';

/** `score-compose provisioners list` (and score-k8s's). */
export function registerProvisioners(program: Command, ctx: CommandContext, tool: Tool = SCORE_COMPOSE): void {
  const provisioners = program
    .command('provisioners')
    .summary('Subcommands related to provisioners')
    .description('Subcommands related to provisioners');
  provisioners
    .command('list')
    .summary('List the provisioners')
    .description(
      'Lists the loaded provisioners sorted by resource type, with their class, params, outputs and the template ' +
        'engine of template:// ones (go or handlebars).',
    )
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action(async (o: { format: string }) => {
      if (!(await stateDirExists(ctx.io.cwd, tool))) {
        throw userError('state', `no state directory found, run '${tool.name} init' first`);
      }
      const { loadProvisioners } = await import('../../provisioners/load.js');
      const loaded = await loadProvisioners(join(ctx.io.cwd, tool.stateDir), tool.target);
      if (loaded.length === 0) {
        ctx.logger().info('No provisioners found');
        return;
      }
      // Array.prototype.sort is stable, so equal types keep their load (priority) order.
      const rows = [...loaded]
        .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
        .map((p) => ({
          Type: p.type,
          Class: p.class ?? '(any)',
          Params: [...(p.supportedParams ?? [])].sort(),
          Outputs: [...(p.expectedOutputs ?? [])].sort(),
          Description: p.description ?? '',
          Engine: p.engine ?? '',
        }));
      if (o.format === 'json') {
        ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      ctx.io.stdout.write(
        renderGrid(
          ['type', 'class', 'params', 'outputs', 'description', 'engine'],
          rows.map((r) => [r.Type, r.Class, r.Params.join(', '), r.Outputs.join(', '), r.Description, r.Engine]),
          tableWidth(ctx.io.stdout, ctx.io.env),
        ),
      );
    });
}
