import { type Command, Option } from '../commander.js';
import type { CommandContext } from '../context.js';
import { PROJECT_NAME_HELP, seconds } from '../flags.js';

type DownFlags = {
  volumes?: boolean;
  removeOrphans?: boolean;
  timeout?: number;
  projectName?: string;
  rmi?: 'local' | 'all';
};

/** `score-compose down`: stop and remove everything of the project, found by label. */
export function registerDown(program: Command, ctx: CommandContext): void {
  program
    .command('down')
    .summary('Stop and remove the containers and networks of the project')
    .description(
      'Finds everything by its com.docker.compose.project label, so it also removes what docker compose started.',
    )
    .option('-v, --volumes', 'also remove the project volumes')
    .option('--remove-orphans', 'also remove one-off containers')
    .option('-t, --timeout <seconds>', 'stop timeout before killing', seconds)
    .option('--project-name <name>', PROJECT_NAME_HELP)
    .addOption(
      new Option(
        '--rmi <type>',
        'also remove images the containers used: "local" those built for the project, "all" every one',
      ).choices(['local', 'all']),
    )
    .action(async (o: DownFlags) => {
      const { downStack } = await import('../../api/down.js');
      await downStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        volumes: o.volumes ?? false,
        removeOrphans: o.removeOrphans ?? false,
        ...(o.timeout === undefined ? {} : { timeoutSec: o.timeout }),
        ...(o.rmi === undefined ? {} : { removeImages: o.rmi }),
      });
    });
}
