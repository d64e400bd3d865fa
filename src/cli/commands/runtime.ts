import type { Command } from 'commander';
import { userError } from '../../common/errors.js';
import type { CommandContext } from '../context.js';
import { addGenerateOptions, generateOptionsFrom, type GenerateFlags } from './generate.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw userError('usage', `invalid number of seconds '${value}'`);
  return n;
}

// The runtime modules are imported inside the actions: `generate` and `init` never load them.
const stack = () => import('../../api/stack.js');

/** `up`, `down`, `ps`, `logs`: run the project through the Docker Engine API, no compose CLI needed. */
export function registerRuntimeCommands(program: Command, ctx: CommandContext): void {
  const upCommand = program
    .command('up')
    .argument('[files...]', 'Score files (as for generate); with none, the stored workloads')
    .summary('Generate the compose file, then create and start the stack and wait until it is ready')
    .description(
      'Regenerates compose.yaml exactly like generate (same files and flags), then converges the Docker ' +
        'engine to it: networks, volumes, images (pulled or built), containers created or recreated only ' +
        'where their configuration changed, started in dependency order. By default it returns once every ' +
        'service is healthy, running or completed, and fails fast (with the last log lines) when one is not.',
    );
  addGenerateOptions(upCommand)
    .option('-d, --detach', 'accepted out of docker compose habit: up never attaches to the logs (use logs -f)')
    .option('--no-wait', 'return once containers are started, without waiting for health')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds', seconds)
    .option('--remove-orphans', 'remove containers of services no longer in the project')
    .option('--rebuild', 'rebuild images of services with a build config even when present')
    .addHelpText('after', '\nExamples:\n  score-compose up score.yaml\n  score-compose up --wait-timeout 120\n')
    .action(async (files: string[], o: GenerateFlags & { wait: boolean; waitTimeout?: number; removeOrphans?: boolean; rebuild?: boolean }) => {
      if (o.output === '-') throw userError('usage', 'up needs a compose file on disk: -o - is not allowed');
      const { upStack } = await stack();
      const result = await upStack({
        ...generateOptionsFrom(files, o, ctx),
        wait: o.wait,
        ...(o.waitTimeout === undefined ? {} : { timeoutMs: o.waitTimeout * 1000 }),
        removeOrphans: o.removeOrphans ?? false,
        rebuild: o.rebuild ?? false,
        progress: ctx.io.stderr,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
      ctx.logger().info(`Project '${result.projectName}' is up: ${result.services.length} services`);
    });

  program
    .command('down')
    .summary('Stop and remove the containers and networks of the project')
    .description('Finds everything by its com.docker.compose.project label, so it also removes what docker compose started.')
    .option('-v, --volumes', 'also remove the project volumes')
    .option('--remove-orphans', 'also remove one-off containers')
    .option('-t, --timeout <seconds>', 'stop timeout before killing', seconds)
    .option('--project-name <name>', 'the compose project (default: from the state or compose.yaml)')
    .action(async (o: { volumes?: boolean; removeOrphans?: boolean; timeout?: number; projectName?: string }) => {
      const { downStack } = await stack();
      await downStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        volumes: o.volumes ?? false,
        removeOrphans: o.removeOrphans ?? false,
        ...(o.timeout === undefined ? {} : { timeoutSec: o.timeout }),
      });
    });

  program
    .command('ps')
    .argument('[services...]', 'only these services')
    .summary('List the containers of the project')
    .option('-a, --all', 'include stopped containers')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--project-name <name>', 'the compose project (default: from the state or compose.yaml)')
    .action(async (services: string[], o: { all?: boolean; format: string; projectName?: string }) => {
      const { psStack } = await stack();
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

  program
    .command('logs')
    .argument('[services...]', 'only these services')
    .summary('Show the logs of the project')
    .option('-f, --follow', 'keep following new output (Ctrl-C to stop)')
    .option('-t, --timestamps', 'show timestamps')
    .option('-n, --tail <lines>', 'lines from the end of each log', (v: string) => Number.parseInt(v, 10))
    .option('--no-color', 'no coloured prefixes')
    .option('--project-name <name>', 'the compose project (default: from the state or compose.yaml)')
    .addHelpText('after', '\nExamples:\n  score-compose logs -f hello-world-hello\n')
    .action(async (services: string[], o: { follow?: boolean; timestamps?: boolean; tail?: number; color: boolean; projectName?: string }) => {
      const { resolveProjectName } = await stack();
      const { connectRuntime } = await import('../../runtime/engine/connect.js');
      const { logs } = await import('../../runtime/logs.js');
      const projectName = await resolveProjectName(ctx.io.cwd, o.projectName);
      const runtime = await connectRuntime(ctx.io.env, { logger: ctx.logger() });
      await logs(runtime, {
        projectName,
        ...(services.length > 0 ? { services } : {}),
        follow: o.follow ?? false,
        timestamps: o.timestamps ?? false,
        ...(o.tail === undefined || Number.isNaN(o.tail) ? {} : { tail: o.tail }),
        out: ctx.io.stdout,
        color: o.color && ctx.io.stdout.isTTY === true,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
    });
}
