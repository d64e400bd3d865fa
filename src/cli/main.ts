import { runCli, type ToolCli } from './program.js';

/** Entry point for bin/score-compose.js (and score-k8s's): the only place that touches `process`. */
export async function main(argv: string[], tool?: ToolCli): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  let returned = false;
  const onSignal = () => {
    interrupts += 1;
    // First Ctrl-C asks the running command to stop cleanly; a second one gives up at once, and so
    // does one arriving after the command returned while the process is still closing connections.
    // The handlers stay for the life of the process: without them, that Ctrl-C would end the
    // process by the signal instead of with exit code 130.
    if (interrupts > 1 || returned) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `score-compose ... | head` closes the pipe early: that is the reader's choice, not a failure.
  // The handler stays for the life of the process: the error arrives after the last write.
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  };
  process.stdout.on('error', onOutputError);
  try {
    return await runCli(
      argv,
      {
        cwd: process.cwd(),
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        signal: controller.signal,
      },
      tool,
    );
  } finally {
    returned = true;
  }
}
