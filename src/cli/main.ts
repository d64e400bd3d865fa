import type { CliIO } from './io.js';
import { processIO } from './process-io.js';
import { runCli, type ToolCli } from './program.js';

/**
 * Entry point for bin/score-compose.js (and score-k8s's): with process-io.ts, the only place that
 * touches `process`. `output` replaces the standard streams' writers (the build's code-cache training captures the
 * output that way: the writers write to the file descriptors, not through process.stdout).
 */
export async function main(argv: string[], tool?: ToolCli, output?: Pick<CliIO, 'stdout' | 'stderr'>): Promise<number> {
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
  try {
    return await runCli(argv, processIO(controller.signal, output), tool);
  } finally {
    returned = true;
  }
}
