// The installed command as a child process: `node bin/score-compose.js` on the bundle that
// `npm run build` made. For what only a real process shows: exit codes and signals, crashes
// outside the command's promise, being killed (kill -9, Ctrl-C), child processes left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** The command's entry point. */
export const BIN = join(REPO_ROOT, 'bin', 'score-compose.js');

/** Throws unless `npm run build` has produced the bundle the command runs. */
export function requireBuiltCli(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli-bundle')))
    throw new Error('dist/cli-bundle is missing: run `npm run build` first (npm test does)');
}

/** How a child run ended and what it printed. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running command: its process, its output so far, and its end. */
export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr contains `text` (or matches it), rejects if the run ends first. */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<ChildRun>;
}

/** Starts `score-compose <argv>` in `cwd` (Node is given `--`, so `--env-file` is the command's). */
export function startCli(
  cwd: string,
  argv: string[],
  opts: { env?: Record<string, string | undefined> } = {},
): RunningCli {
  const child = spawn(process.execPath, ['--', BIN, ...argv], {
    cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    for (const l of listeners) l();
  });
  const done = new Promise<ChildRun>((resolve) => {
    child.on('close', (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let ended = false;
  void done.then(() => (ended = true));
  const waitForStderr = (text: string | RegExp, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const seen = () => (typeof text === 'string' ? stderr.includes(text) : text.test(stderr));
      const timer = setTimeout(
        () => finish(new Error(`no ${String(text)} on stderr within ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        if (seen()) finish();
        else if (ended) finish(new Error(`the run ended without ${String(text)} on stderr:\n${stderr}`));
      };
      const finish = (err?: Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (err) reject(err);
        else resolve();
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitForStderr, done };
}

/** Runs `score-compose <argv>` to its end. */
export function runCliProcess(
  cwd: string,
  argv: string[],
  opts: { env?: Record<string, string | undefined> } = {},
): Promise<ChildRun> {
  return startCli(cwd, argv, opts).done;
}

/** True when stderr holds a JavaScript stack trace (`    at fn (file:1:2)`). */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(stderr);
}
