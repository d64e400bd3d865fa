import type { Logger } from '../common/log.js';
import type { CliIO } from './io.js';

/** What every command gets: process IO and the logger chosen by global flags. */
export interface CommandContext {
  io: CliIO;
  logger: () => Logger;
  /** Prints an error the way a failed command does, for commands that go on after one (watch). */
  reportError: (err: unknown) => void;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
