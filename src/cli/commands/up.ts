import type { Command } from '../commander.js';
import { userError } from '../../common/errors.js';
import type { UpStackOptions } from '../../api/up.js';
import type { CommandContext } from '../context.js';
import { addGenerateOptions, generateOptionsFrom, type GenerateFlags } from './generate.js';
import { seconds } from '../flags.js';

/** The flags `up` and `watch` share. */
export type UpFlags = GenerateFlags & {
  wait: boolean;
  waitTimeout?: number;
  removeOrphans?: boolean;
  rebuild?: boolean;
  forceRecreate?: boolean;
  recreate: boolean;
};

/** Adds the generate flags and up's own to a command (`up`, `watch`). */
export function addUpOptions(command: Command): Command {
  return addGenerateOptions(command)
    .option('-d, --detach', 'accepted out of docker compose habit: up never attaches to the logs (use logs -f)')
    .option('--no-wait', 'return once containers are started, without waiting for health')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds', seconds)
    .option('--remove-orphans', 'remove containers of services no longer in the project')
    .option('--rebuild', 'rebuild images of services with a build config even when present')
    .option('--force-recreate', 'recreate every container, even when nothing changed')
    .option('--no-recreate', 'keep existing containers even when their configuration or files changed');
}

/** Turns parsed up flags into library options. */
export function upOptionsFrom(files: string[], o: UpFlags, ctx: CommandContext): UpStackOptions {
  if (o.output === '-') throw userError('usage', 'up needs a compose file on disk: -o - is not allowed');
  if (o.forceRecreate === true && !o.recreate) {
    throw userError('usage', '--force-recreate and --no-recreate are incompatible');
  }
  return {
    ...generateOptionsFrom(files, o, ctx),
    wait: o.wait,
    ...(o.waitTimeout === undefined ? {} : { timeoutMs: o.waitTimeout * 1000 }),
    removeOrphans: o.removeOrphans ?? false,
    rebuild: o.rebuild ?? false,
    recreate: o.forceRecreate === true ? 'always' : o.recreate ? 'diverged' : 'never',
    progress: ctx.io.stderr,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  };
}

/** `score-compose up`: regenerate, then converge the engine to the compose file and wait. */
export function registerUp(program: Command, ctx: CommandContext): void {
  const command = program
    .command('up')
    .argument('[files...]', 'Score files (as for generate); with none, the Score files the state records')
    .summary('Generate the compose file, then create and start the stack and wait until it is ready')
    .description(
      'Regenerates compose.yaml exactly like generate (same files and flags), then converges the Docker ' +
        'engine to it: networks, volumes, images (pulled or built), containers created or recreated only ' +
        'where their configuration or mounted files changed, started in dependency order. By default it ' +
        'returns once every service is healthy, running or completed, and fails fast (with the last log ' +
        'lines) when one is not. The compose file and state are written only once the stack is up.',
    );
  addUpOptions(command)
    .option('-w, --watch', 'after starting, keep the stack in step with the files (see watch)')
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose up score.yaml\n  score-compose up --wait-timeout 120\n  score-compose up --watch\n',
    )
    .action(async (files: string[], o: UpFlags & { watch?: boolean }) => {
      const opts = upOptionsFrom(files, o, ctx);
      if (o.watch === true) {
        const { runWatch } = await import('./watch.js');
        await runWatch(opts, ctx);
        return;
      }
      // The runtime modules load only when a command talks to Docker: `generate` never loads them.
      const { upStack } = await import('../../api/up.js');
      const result = await upStack(opts);
      ctx.logger().info(`Project '${result.projectName}' is up: ${result.services.length} services`);
    });
}
