import { type Command, Option } from '../commander.js';
import { wrapError } from '../../common/errors.js';
import type { CommandContext } from '../context.js';
import { renderGrid, tableWidth } from '../table.js';
import { SCORE_COMPOSE, type Tool } from '../../common/tool.js';

/** `score-compose resources list|get-outputs|prune` (score-k8s: list and get-outputs). */
export function registerResources(program: Command, ctx: CommandContext, tool: Tool = SCORE_COMPOSE): void {
  const resources = program
    .command('resources')
    .summary('Subcommands related to provisioned resources')
    .description('Subcommands related to provisioned resources');
  resources
    .command('list')
    .summary('List the resource uids')
    .description('Lists the resources of the current workloads in provisioning order, with their output keys.')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action(async (o: { format: string }) => {
      const { listResources } = await import('../../api/resources.js');
      const rows = await listResources(ctx.io.cwd, tool);
      if (o.format === 'json') {
        const json =
          rows.length === 0
            ? 'null'
            : JSON.stringify(
                rows.map((r) => ({ UID: r.uid, Outputs: r.outputs })),
                null,
                2,
              );
        ctx.io.stdout.write(`${json}\n`);
      } else if (rows.length > 0) {
        ctx.io.stdout.write(
          renderGrid(
            ['uid', 'outputs'],
            rows.map((r) => [r.uid, r.outputs.join(', ')]),
            tableWidth(ctx.io.stdout, ctx.io.env),
          ),
        );
      }
    });
  if (tool.target === 'compose') registerPrune(resources, ctx);
  resources
    .command('get-outputs')
    .argument('<uid>', 'the resource uid, e.g. postgres.default#hello-world.db')
    .summary('Return the resource outputs')
    .description('Prints the outputs of a resource. These may contain secrets such as passwords.')
    .option(
      '-f, --format <format>',
      'json, yaml, or a template rendered with the outputs, Handlebars ("{{host}}:{{port}}") or Go ("{{ .host }}:{{ .port }}")',
      'json',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  ${tool.name} resources get-outputs 'dns.default#hello-world.dns' --format '{{host}}:8080'\n`,
    )
    .action(async (uid: string, o: { format: string }) => {
      const { getResourceOutputs } = await import('../../api/resources.js');
      const outputs = await getResourceOutputs(ctx.io.cwd, uid, tool);
      let text: string;
      if (o.format === 'json') text = `${JSON.stringify(outputs, null, 2)}\n`;
      else if (o.format === 'yaml') text = (await import('../../yaml/yaml.js')).stringifyYaml(outputs);
      else {
        const { renderInChosenEngine } = await import('../../provisioners/template/render-chosen.js');
        try {
          text = await renderInChosenEngine(o.format, outputs, '--format');
        } catch (err) {
          throw wrapError(err, 'failed to execute template');
        }
        if (!text.endsWith('\n')) text += '\n';
      }
      ctx.io.stdout.write(text);
    });
}

/** `score-compose resources prune`. */
function registerPrune(resources: Command, ctx: CommandContext): void {
  resources
    .command('prune')
    .summary('Remove the resources no workload uses from the state')
    .description(
      'Removes from the state every resource that no stored workload uses any more (after a workload was ' +
        'removed, or a resource taken out of its Score file), then writes the compose file again. With ' +
        '--volumes it also removes, on the engine, the containers of services the compose file no longer has ' +
        'and the project volumes it no longer declares (their data is gone). Resources another workload still ' +
        'uses (a shared id) are kept.',
    )
    .option('--volumes', 'also remove the containers and volumes the compose file no longer has')
    .option('-o, --output <file>', 'the compose file to write', 'compose.yaml')
    .action(async (o: { volumes?: boolean; output: string }) => {
      const { pruneResources } = await import('../../api/workloads.js');
      await pruneResources({
        projectDir: ctx.io.cwd,
        volumes: o.volumes === true,
        output: o.output,
        env: ctx.io.env,
        logger: ctx.logger(),
        ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
      });
    });
}
