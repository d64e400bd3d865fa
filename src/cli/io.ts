/** The process facts a CLI run uses; main.ts fills it from `process`, tests from memory. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  /** `columns`: the terminal's width, when stdout is one (tables fit it). */
  stdout: { write(text: string): void; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): void; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
  /** Aborted on Ctrl-C (SIGINT) / SIGTERM. */
  signal?: AbortSignal;
}
