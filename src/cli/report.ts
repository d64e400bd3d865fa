import { ScoreComposeError, formatLocation } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { CliIO } from './io.js';

/** Logging levels chosen by `--quiet` and `-v`. */
export interface Verbosity {
  quiet: boolean;
  verbose: number;
}

/** A logger printing `LEVEL: message` lines on stderr, as the reference does. */
export function stderrLogger(io: CliIO, v: Verbosity): Logger {
  const line = (level: string, message: string) => io.stderr.write(`${level}: ${message}\n`);
  return {
    debug: (m) => {
      if (!v.quiet && v.verbose > 0) line('DEBUG', m);
    },
    info: (m) => {
      if (!v.quiet) line('INFO', m);
    },
    warn: (m) => {
      if (!v.quiet) line('WARN', m);
    },
  };
}

/**
 * Prints an error once: `Error: <file:line:col>: message`, its details, a hint; stack only for bugs
 * or `-v`. The position is left out of the first line when the details give positions in that
 * file themselves (validation lists each problem at its own line).
 */
export function reportError(io: CliIO, err: unknown, verbose: number): void {
  if (err instanceof ScoreComposeError) {
    const loc = err.location;
    const detailsLocated =
      loc !== undefined && err.details.some((d) => d.startsWith(`${loc.file}:`) || d.startsWith(`${loc.file} `));
    const where = loc && !detailsLocated ? `${formatLocation(loc)}: ` : '';
    io.stderr.write(`Error: ${where}${err.message}\n`);
    for (const detail of err.details) io.stderr.write(`  ${detail.replace(/\n/g, '\n  ')}\n`);
    if (err.hint) io.stderr.write(`hint: ${err.hint}\n`);
    if (verbose > 0 && err.stack) io.stderr.write(`${err.stack.split('\n').slice(1).join('\n')}\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`Error: internal error: ${message}\n`);
  io.stderr.write(
    'hint: this is a bug in score-compose-ts; please report it with the output of the same command run with -v\n',
  );
  // The stack's first line repeats the message printed above.
  if (err instanceof Error && err.stack) io.stderr.write(`${err.stack.split('\n').slice(1).join('\n')}\n`);
}
