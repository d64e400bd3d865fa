import { Command, CommanderError, Option } from './commander.js';
import { EXIT_CODES, exitCodeFor, ScoreComposeError } from '../common/errors.js';
import { registerCheckVersion } from './commands/check-version.js';
import { registerCompletion } from './commands/completion.js';
import { registerGenerate } from './commands/generate.js';
import { registerInit } from './commands/init.js';
import { registerProvisioners } from './commands/provisioners.js';
import { registerResources } from './commands/resources.js';
import { registerDown } from './commands/down.js';
import { registerLogs } from './commands/logs.js';
import { registerPort } from './commands/port.js';
import { registerPs } from './commands/ps.js';
import { registerUp } from './commands/up.js';
import { registerVersion, versionText } from './commands/version.js';
import { registerWatch } from './commands/watch.js';
import { registerValidate } from './commands/validate.js';
import { registerGraph } from './commands/graph.js';
import { QuietExit } from './quiet-exit.js';
import { registerWorkloads } from './commands/workloads.js';
import type { CommandContext } from './context.js';
import type { CliIO } from './io.js';
import { reportError, stderrLogger, type Verbosity } from './report.js';

/**
 * commander's usage errors (`error: unknown option '--x'`) in the form every other error has,
 * `Error: ...`, and an unknown command in the reference's words, which scripts grep for.
 * commander's suggestion (`(Did you mean generate?)`) becomes a `hint:` line.
 */
function usageError(message: string, commandPath = 'score-compose'): string {
  const suggestion = /\n\(Did you mean (.+)\?\)\s*$/.exec(message);
  const hint = suggestion ? `hint: did you mean "${suggestion[1]}"?\n` : '';
  const text = suggestion ? `${message.slice(0, suggestion.index)}\n` : message;
  const unknown = /^error: unknown command '([^']*)'/.exec(text);
  if (unknown) return `Error: unknown command "${unknown[1]}" for "${commandPath}"\n${hint}`;
  return `${text.replace(/^error: /, 'Error: ')}${hint}`;
}

const countVerbose = (_v: string, prev: number) => prev + 1;

// Global flags are positional (parsed before the command name) so that a command may reuse a short
// flag: `down -v` is --volumes. Hidden copies on every command keep `generate x.yaml --verbose` working.
function addGlobalFlags(command: Command): void {
  const taken = new Set(command.options.flatMap((o) => [o.short, o.long]));
  if (!taken.has('--quiet')) command.addOption(new Option('--quiet').hideHelp());
  if (!taken.has('--verbose')) {
    command.addOption(
      new Option(taken.has('-v') ? '--verbose' : '-v, --verbose').argParser(countVerbose).default(0).hideHelp(),
    );
  }
}

/** One of the two command-line tools: its name, what `--help` says of it, and its commands. */
export interface ToolCli {
  name: string;
  description: string;
  register(program: Command, ctx: CommandContext): void;
}

const SCORE_COMPOSE_CLI: ToolCli = {
  name: 'score-compose',
  description:
    'score-compose turns Score workload files into a Docker Compose project, and runs it.\nScore: https://docs.score.dev/',
  register(program, ctx) {
    registerInit(program, ctx);
    registerGenerate(program, ctx);
    registerResources(program, ctx);
    registerWorkloads(program, ctx);
    registerValidate(program, ctx);
    registerGraph(program, ctx);
    registerProvisioners(program, ctx);
    registerCheckVersion(program);
    registerCompletion(program, ctx);
    registerUp(program, ctx);
    registerWatch(program, ctx);
    registerDown(program, ctx);
    registerPs(program, ctx);
    registerPort(program, ctx);
    registerLogs(program, ctx);
    registerVersion(program, ctx);
  },
};

function buildProgram(io: CliIO, verbosity: Verbosity, tool: ToolCli): Command {
  const program = new Command(tool.name);
  const ctx: CommandContext = {
    io,
    logger: () => stderrLogger(io, verbosity),
    reportError: (err) => reportError(io, err, verbosity.verbose),
  };
  program
    .description(tool.description)
    .option('--quiet', 'mute any logging output')
    .option('-v, --verbose', 'increase log verbosity and detail (repeatable)', countVerbose, 0)
    .enablePositionalOptions()
    .version(versionText(tool.name).trimEnd(), '--version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(usageError(s, tool.name)),
    })
    .hook('preAction', (_root, action) => {
      // The flags may sit on the program or on any command down to the one that runs.
      for (let cmd: Command | null = action; cmd; cmd = cmd.parent) {
        const o = cmd.opts<{ quiet?: boolean; verbose?: unknown }>();
        verbosity.quiet ||= o.quiet === true;
        if (typeof o.verbose === 'number') verbosity.verbose += o.verbose;
      }
    });
  tool.register(program, ctx);
  for (const command of program.commands) {
    addGlobalFlags(command);
    for (const sub of command.commands) addGlobalFlags(sub);
    command.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(usageError(s, `${tool.name} ${command.name()}`)),
    });
    for (const sub of command.commands)
      sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

/** Runs the CLI in-process and returns the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIO, tool: ToolCli = SCORE_COMPOSE_CLI): Promise<number> {
  // Set from the parsed global flags just before the action runs (`-v` of a sub-command, such as
  // `down -v`, is not verbosity).
  const verbosity: Verbosity = { quiet: false, verbose: 0 };
  const program = buildProgram(io, verbosity, tool);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_CODES.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end through exitOverride with code 0; usage errors were already printed.
      if (err.exitCode === 0) return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    if (err instanceof QuietExit) return err.exitCode;
    reportError(io, err, verbosity.verbose);
    if (err instanceof ScoreComposeError) return exitCodeFor(err);
    return EXIT_CODES.internal;
  }
}
