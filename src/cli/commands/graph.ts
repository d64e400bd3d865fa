import { writeFile } from '../../fs/sync-promises.js';
import { resolve } from 'node:path';
import { type Command, Option } from '../commander.js';
import type { CommandContext } from '../context.js';

const FORMATS = ['mermaid', 'dot', 'json', 'html'] as const;

/** `score-compose graph [files...]`: the resource graph as mermaid, dot, JSON or an HTML page. */
export function registerGraph(program: Command, ctx: CommandContext): void {
  program
    .command('graph')
    .argument('[files...]', 'Score files (default: the ones the state records)')
    .summary('Show the resource graph: workloads, resources, provisioners and stand-in services')
    .description(
      'Prints which workload uses which resource, which resource reads which one’s outputs, the provisioner ' +
        'serving each, the services a resource adds to the compose file, and the `before` and `service` ' +
        'references, as generate would make them now. Nothing is written.',
    )
    .addOption(new Option('-f, --format <format>', 'mermaid, dot, json or html').choices(FORMATS).default('mermaid'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose graph                       # mermaid, for a README or a pull request\n' +
        '  score-compose graph -f html -o graph.html # one page to open in a browser\n' +
        '  score-compose graph -f dot | dot -Tsvg > graph.svg\n',
    )
    .action(async (files: string[], o: { format: (typeof FORMATS)[number]; output?: string }) => {
      const { projectGraph } = await import('../../api/graph.js');
      // The pipeline's progress lines are not what the user asked for: debug level (`-v`) only.
      const logger = ctx.logger();
      const quiet = { debug: logger.debug, info: logger.debug, warn: logger.warn };
      const graph = await projectGraph({ projectDir: ctx.io.cwd, files, env: ctx.io.env, logger: quiet });
      const formats = await import('../../graph/formats.js');
      const text =
        o.format === 'html'
          ? (await import('../../graph/html.js')).toHtml(graph)
          : o.format === 'dot'
            ? formats.toDot(graph)
            : o.format === 'json'
              ? formats.toJson(graph)
              : formats.toMermaid(graph);
      if (o.output === undefined) ctx.io.stdout.write(text);
      else {
        await writeFile(resolve(ctx.io.cwd, o.output), text);
        ctx.logger().info(`Wrote the ${o.format} graph to '${o.output}'`);
      }
    });
}
