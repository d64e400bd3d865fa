// Runs one cmd:// provisioner program: stdin in, stdout collected, stderr line by line, a time limit.
//
// The program gets a process group of its own (POSIX), and every way of stopping it stops the whole
// group: a shell script's `sleep` or a helper it started would otherwise keep running and keep our
// pipes open, so `generate` (and the state lock it holds) would wait for them long after the time
// limit. The same happens on an abort (Ctrl-C: the program is not in the terminal's foreground group
// any more, so it is told here) and when this process exits while a program runs.
//
// When the program itself has exited but something it left behind still holds its stdout or stderr,
// what was read is kept, the leftovers get a short grace to finish, then the group is killed and
// the pipes are closed on our side.
//
// Output is bounded: a program that writes more than `maxOutputBytes` to stdout (or one stderr line
// that long) is stopped like one past its time limit, before it fills this process's memory.
import { type ChildProcess, spawn } from 'node:child_process';

/** What one run produced. */
export interface CommandResult {
  /** Its stdout, as bytes (the caller decides how strictly to decode them). */
  stdout: Buffer;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Lines the program wrote to stderr. */
  stderrLines: number;
  /** Killed at the time limit. */
  timedOut: boolean;
  /** Killed because it wrote more than `maxOutputBytes`. */
  tooMuchOutput: boolean;
  /** Stopped because the caller's signal aborted. */
  aborted: boolean;
  /** Processes it left behind held its output open after it exited, and were killed. */
  leftovers: boolean;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  stdin: string;
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  onStderr: (line: string) => void;
  signal?: AbortSignal;
  /** How long an abort waits after SIGTERM before SIGKILL (default 2 s). */
  termGraceMs?: number;
  /** How long output may stay open once the program exited (default 1 s). */
  exitGraceMs?: number;
  /** The most stdout (and the longest stderr line) read before the program is stopped (default 64 MiB). */
  maxOutputBytes?: number;
}

/** Default {@link RunCommandOptions.maxOutputBytes}: far above any provisioner's JSON. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

const OWN_GROUP = process.platform !== 'win32';

/** Sends `signal` to the child's whole process group (its own pid on Windows); ignores one that is gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (OWN_GROUP) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone (ESRCH).
  }
}

/** Runs `binary args` with `stdin`; see the module comment for how it is stopped. */
export function runCommand(binary: string, args: string[], opts: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      detached: OWN_GROUP,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const maxOutput = opts.maxOutputBytes ?? MAX_OUTPUT_BYTES;
    let tooMuchOutput = false;
    let stderrLines = 0;
    let pending = '';
    let timedOut = false;
    let aborted = false;
    let leftovers = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
    const kill = () => signalGroup(child, 'SIGKILL');
    // A double Ctrl-C ends this process with process.exit: the program must not outlive it.
    process.on('exit', kill);
    const onAbort = () => {
      if (exit !== undefined) return;
      aborted = true;
      signalGroup(child, 'SIGTERM');
      later(opts.termGraceMs ?? 2_000, kill);
    };
    const cleanUp = () => {
      for (const t of timers) clearTimeout(t);
      process.off('exit', kill);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const emit = (line: string) => {
      stderrLines += 1;
      opts.onStderr(line);
    };

    later(opts.timeoutMs, () => {
      if (exit !== undefined) return;
      timedOut = true;
      kill();
    });
    if (opts.signal?.aborted === true) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    const overflow = () => {
      if (tooMuchOutput) return;
      tooMuchOutput = true;
      kill();
      child.stdout.destroy();
      child.stderr.destroy();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.byteLength;
      if (stdoutBytes > maxOutput) overflow();
      else stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(emit);
      if (pending.length > maxOutput) {
        pending = '';
        overflow();
      }
    });
    child.on('error', (err) => {
      cleanUp();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Its output normally closes with it; if something it started still holds it, that is killed.
      later(opts.exitGraceMs ?? 1_000, () => {
        leftovers = true;
        kill();
        // One that left the group (setsid) cannot be killed from here: stop reading instead.
        child.stdout.destroy();
        child.stderr.destroy();
      });
    });
    child.on('close', (code, signal) => {
      cleanUp();
      if (pending !== '') emit(pending);
      const status = exit ?? { code, signal };
      resolve({
        stdout: Buffer.concat(stdout),
        code: status.code,
        signal: status.signal,
        stderrLines,
        timedOut,
        tooMuchOutput,
        aborted,
        leftovers,
      });
    });
    // A program that exits without reading stdin closes the pipe: that is not our error.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin);
  });
}
