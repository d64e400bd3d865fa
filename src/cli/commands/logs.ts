import type { Command } from '../commander.js';
import type { CommandContext } from '../context.js';
import { PROJECT_NAME_HELP } from '../flags.js';

type LogsFlags = { follow?: boolean; timestamps?: boolean; tail?: number; color: boolean; projectName?: string };

/** `score-compose logs`: the project's output, prefixed per service. */
export function registerLogs(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .argument('[services...]', 'only these services')
    .summary('Show the logs of the project')
    .option('-f, --follow', 'keep following new output (Ctrl-C to stop)')
    .option('-t, --timestamps', 'show timestamps')
    .option('-n, --tail <lines>', 'lines from the end of each log', (v: string) => Number.parseInt(v, 10))
    .option('--no-color', 'no coloured prefixes')
    .option('--project-name <name>', PROJECT_NAME_HELP)
    .addHelpText('after', '\nExamples:\n  score-compose logs -f hello-world-hello\n')
    .action(async (services: string[], o: LogsFlags) => {
      const { logsStack } = await import('../../api/logs.js');
      await logsStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        services,
        follow: o.follow ?? false,
        timestamps: o.timestamps ?? false,
        ...(o.tail === undefined || Number.isNaN(o.tail) ? {} : { tail: o.tail }),
        out: ctx.io.stdout,
        color: o.color && ctx.io.stdout.isTTY === true,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
    });
}
