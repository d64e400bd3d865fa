import { ScoreComposeError, formatLocation } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { CliIO } from './io.js';
import { redact } from '../secrets/redact.js';
import { sourceMappedStack } from './source-map.js';

/** Logging levels chosen by `--quiet` and `-v`. */
export interface Verbosity {
  quiet: boolean;
  verbose: number;
}

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g; // eslint-disable-line no-control-regex

/**
 * `text` with every control character written as an escape (`\0`, `\x1b`, `\u2028`). Messages
 * quote what files, provisioners and the engine hand us: a terminal escape sequence among it
 * would otherwise clear the screen, retitle the window or hide the lines before it. Every secret
 * the run knew of is masked first (secrets/redact.ts), whatever the message or its origin.
 */
function inert(text: string): string {
  return redact(text).replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0) return '\\0';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** A logger printing `LEVEL: message` lines on stderr, as the reference does. */
export function stderrLogger(io: CliIO, v: Verbosity): Logger {
  const line = (level: string, message: string) => io.stderr.write(`${level}: ${inert(message)}\n`);
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
    io.stderr.write(`Error: ${inert(where + err.message)}\n`);
    for (const detail of err.details) io.stderr.write(`  ${inert(detail).replace(/\n/g, '\n  ')}\n`);
    if (err.hint) io.stderr.write(`hint: ${inert(err.hint)}\n`);
    if (verbose > 0 && err.stack)
      io.stderr.write(`${inert(sourceMappedStack(err.stack.split('\n').slice(1).join('\n')))}\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`Error: internal error: ${inert(message)}\n`);
  io.stderr.write(
    'hint: this is a bug in score-compose-ts; please report it with the output of the same command run with -v\n',
  );
  // The stack's first line repeats the message printed above.
  if (err instanceof Error && err.stack)
    io.stderr.write(`${sourceMappedStack(err.stack.split('\n').slice(1).join('\n'))}\n`);
}
