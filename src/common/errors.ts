/** Where in a source file a problem is: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

/** Stable error codes; the exit code follows from the code (see README "Exit codes"). */
export type ErrorCode =
  | 'usage' // bad flags or arguments
  | 'input' // a Score file, overrides file or flag value is wrong
  | 'state' // the state directory is missing or corrupt
  | 'provision' // a provisioner failed or no provisioner matched
  | 'convert' // a workload could not be converted to compose
  | 'io' // a file could not be read or written
  | 'engine' // the Docker engine is unreachable or refused a request
  | 'runtime' // a container failed, exited or turned unhealthy
  | 'interrupted'; // Ctrl-C

export const EXIT_CODES: Record<ErrorCode | 'ok' | 'internal', number> = {
  ok: 0,
  input: 1,
  state: 1,
  provision: 1,
  convert: 1,
  io: 1,
  usage: 2,
  engine: 3,
  runtime: 4,
  internal: 70,
  interrupted: 130,
};

/**
 * What in a workload an error is about, for the boundary that knows the Score files to turn into
 * a location: the field path in the workload spec, and optionally the text at fault in that
 * field's value (a placeholder), to point at its column.
 */
export interface ErrorSubject {
  workload: string;
  path: readonly (string | number)[];
  text?: string;
}

export interface ErrorOptions {
  hint?: string;
  location?: SourceLocation;
  subject?: ErrorSubject;
  /** Individual problems when one error reports many (validation). */
  details?: string[];
  /** The hint of each detail, by index (`validate` prints them with their detail). */
  detailHints?: (string | undefined)[];
  cause?: unknown;
}

/** A problem the user can fix. Printed as `Error: <message>` without a stack trace. */
export class ScoreComposeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly subject: ErrorSubject | undefined;
  readonly details: string[];
  readonly detailHints: (string | undefined)[];

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScoreComposeError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.subject = options.subject;
    this.details = options.details ?? [];
    this.detailHints = options.detailHints ?? [];
  }

  /** The same error with more context in front, as each pipeline boundary adds it. */
  wrap(prefix: string): ScoreComposeError {
    return new ScoreComposeError(this.code, `${prefix}: ${this.message}`, {
      hint: this.hint,
      location: this.location,
      subject: this.subject,
      details: this.details,
      detailHints: this.detailHints,
      cause: this,
    });
  }
}

/** Shorthand for throwing a user error. */
export function userError(code: ErrorCode, message: string, options?: ErrorOptions): ScoreComposeError {
  return new ScoreComposeError(code, message, options);
}

/** Adds context to user errors and leaves anything else untouched. */
export function wrapError(err: unknown, prefix: string): unknown {
  return err instanceof ScoreComposeError ? err.wrap(prefix) : err;
}

/** The exit code for any thrown value. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ScoreComposeError) return EXIT_CODES[err.code];
  return EXIT_CODES.internal;
}

/** Formats a location as `file:line:col`, omitting what is unknown. */
export function formatLocation(loc: SourceLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.col === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.col}`;
}
