import type { Command } from '../commander.js';
import type { UpStackOptions } from '../../api/up.js';
import type { CommandContext } from '../context.js';
import { addUpOptions, upOptionsFrom, type UpFlags } from './up.js';

/** Runs `watch` until Ctrl-C; errors of a round are printed and watching goes on. */
export async function runWatch(opts: UpStackOptions, ctx: CommandContext): Promise<void> {
  const { watchStack } = await import('../../api/watch.js');
  // Without a signal (in-process use without one) the watch could never end.
  const signal = opts.signal ?? new AbortController().signal;
  await watchStack({ ...opts, signal, onError: (err) => ctx.reportError(err) });
}

/** `score-compose watch`: up, then regenerate and converge on every saved change. */
export function registerWatch(program: Command, ctx: CommandContext): void {
  const command = program
    .command('watch')
    .argument('[files...]', 'Score files (as for up); with none, the Score files the state records')
    .summary('Start the stack, then keep it in step with the files as you edit them')
    .description(
      'Runs up, then watches the Score files, the files they mount (files[].source), override files, ' +
        'the provisioner files in .score-compose/ and every build context (honouring .dockerignore). On a ' +
        'change it regenerates and converges only what changed: new file content is written in place ' +
        '(no restart), a changed configuration recreates its service, a changed build context rebuilds ' +
        'its image. A failed regenerate prints the error and the stack keeps running. Ctrl-C stops ' +
        'watching; the stack stays up.',
    );
  addUpOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose watch score.yaml\n  score-compose watch --build web.main=./web\n',
    )
    .action(async (files: string[], o: UpFlags) => {
      await runWatch(upOptionsFrom(files, o, ctx), ctx);
    });
}
