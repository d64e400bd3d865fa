/** Where library code reports progress; the CLI prints `LEVEL: message` on stderr. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything (library default, `--quiet`). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
};

/** A logger that records lines, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`DEBUG: ${m}`),
    info: (m) => lines.push(`INFO: ${m}`),
    warn: (m) => lines.push(`WARN: ${m}`),
  };
}
