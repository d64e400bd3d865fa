import { type Command, Option } from '../commander.js';
import type { CommandContext } from '../context.js';
import { renderGrid, tableWidth } from '../table.js';

/** `score-compose workloads list|remove`. */
export function registerWorkloads(program: Command, ctx: CommandContext): void {
  const workloads = program.command('workloads').summary('List or remove the workloads the state keeps');
  workloads
    .command('list')
    .summary('List the stored workloads')
    .description('Lists the workloads in the state with their Score file, containers and resources.')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action(async (o: { format: string }) => {
      const { listWorkloads } = await import('../../api/workloads.js');
      const rows = await listWorkloads(ctx.io.cwd);
      if (o.format === 'json') {
        const json = rows.map((r) => ({
          Name: r.name,
          File: r.file ?? '',
          Containers: r.containers,
          Resources: r.resources,
        }));
        ctx.io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else if (rows.length > 0) {
        ctx.io.stdout.write(
          renderGrid(
            ['name', 'file', 'containers', 'resources'],
            rows.map((r) => [r.name, r.file ?? '', r.containers.join(', '), r.resources.join(', ')]),
            tableWidth(ctx.io.stdout, ctx.io.env),
          ),
        );
      }
    });
  workloads
    .command('remove')
    .argument('<names...>', 'the workloads to remove')
    .summary('Remove workloads from the state and the compose file')
    .description(
      'Removes the workloads from the state and writes the compose file again without them (the other ' +
        "workloads' Score files are read again). Their resources stay in the state until `resources prune`; " +
        'a running stack keeps their containers until the next `up` (which removes orphans) or `resources prune --volumes`.',
    )
    .option('-o, --output <file>', 'the compose file to write', 'compose.yaml')
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose workloads remove admin\n  score-compose resources prune --volumes\n',
    )
    .action(async (names: string[], o: { output: string }) => {
      const { removeWorkloads } = await import('../../api/workloads.js');
      await removeWorkloads({
        projectDir: ctx.io.cwd,
        names,
        output: o.output,
        env: ctx.io.env,
        logger: ctx.logger(),
        ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
      });
    });
}
