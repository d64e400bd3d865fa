// The CLI's standard streams, written with synchronous writes on their file descriptors.
//
// Why not process.stdout/process.stderr: the first touch of either builds a stream object, which
// loads Node's stream and net modules (and a TTY or pipe wrapper): about 5 ms of a 220 ms cold
// `generate` on the machines we measure on (bench/README.md), spent before a line is printed.
// Node writes to pipes and files synchronously anyway (POSIX), so the order and completeness of
// the output is what it was. The stream objects are still made when something needs them: a
// TTY's width and kind (`isTTY`, `columns`, asked by tables and progress), stdin, or a write that
// would block (EAGAIN on a descriptor someone made non-blocking), after which every later write
// to that descriptor goes through the stream so nothing is reordered.
import { writeSync } from 'node:fs';
import type { CliIO } from './io.js';

type Stream = NodeJS.WriteStream;

/** A reader that closed the pipe (`score-compose ... | head`) chose to stop: not a failure. */
function onPipeClosed(err: unknown): never {
  if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
  throw err;
}

function writer(fd: 1 | 2, stream: () => Stream): CliIO['stdout'] {
  let viaStream = false;
  const write = (text: string) => {
    if (viaStream) {
      stream().write(text);
      return;
    }
    let rest = Buffer.from(text, 'utf8');
    while (rest.length > 0) {
      try {
        rest = rest.subarray(writeSync(fd, rest));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') onPipeClosed(err);
        viaStream = true;
        stream().write(rest);
        return;
      }
    }
  };
  return {
    write,
    get isTTY() {
      return stream().isTTY === true;
    },
    get columns() {
      return stream().columns;
    },
  };
}

let stdoutErrorsHandled = false;
function stdoutStream(): Stream {
  if (!stdoutErrorsHandled) {
    stdoutErrorsHandled = true;
    // The handler stays for the life of the process: the error arrives after the last write.
    process.stdout.on('error', onPipeClosed);
  }
  return process.stdout;
}

/**
 * The IO of this process for runCli: cwd, environment, standard streams (or `output`'s writers),
 * and `signal`. stdin is made only when asked for.
 */
export function processIO(signal: AbortSignal, output?: Pick<CliIO, 'stdout' | 'stderr'>): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: output?.stdout ?? writer(1, stdoutStream),
    stderr: output?.stderr ?? writer(2, () => process.stderr),
    get stdin() {
      return process.stdin;
    },
    signal,
  };
}
