// The reaper process (see reaper.ts): reads announcements from stdin, one JSON object per line,
// and when stdin ends (the test process is gone), takes down every environment still announced.
import { rm } from 'node:fs/promises';
import { silentLogger } from '../common/log.js';
import { downStack } from '../api/down.js';
import type { ReapTarget } from './reaper.js';

/** How long a container gets to stop before it is killed: tests do not need a graceful end. */
const STOP_TIMEOUT_SEC = 1;

const targets = new Map<string, ReapTarget>();
let buffer = '';

function handle(line: string): void {
  if (line.trim() === '') return;
  try {
    const message = JSON.parse(line) as { add?: ReapTarget; done?: string };
    if (message.add) targets.set(message.add.projectName, message.add);
    if (message.done !== undefined) targets.delete(message.done);
  } catch {
    // A line cut short by the writer's death: nothing to act on.
  }
}

/** A request the dead process sent just before it died may still create a container: look twice. */
const SECOND_PASS_AFTER_MS = 2_000;

async function reapOnce(): Promise<void> {
  for (const target of targets.values()) {
    await downStack({
      projectDir: target.projectDir,
      projectName: target.projectName,
      env: target.env,
      logger: silentLogger,
      volumes: true,
      removeOrphans: true,
      timeoutSec: STOP_TIMEOUT_SEC,
    }).catch(() => undefined);
  }
}

async function reap(): Promise<void> {
  if (targets.size > 0) {
    await reapOnce();
    await new Promise((r) => setTimeout(r, SECOND_PASS_AFTER_MS));
    await reapOnce();
    for (const target of targets.values())
      if (target.removeDir) await rm(target.projectDir, { recursive: true, force: true }).catch(() => undefined);
  }
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffer += chunk;
  const lines = buffer.split('\n');
  buffer = lines.pop() ?? '';
  for (const line of lines) handle(line);
});
process.stdin.on('end', () => {
  handle(buffer);
  void reap();
});
// The parent's group may get a SIGINT or SIGTERM with it (Ctrl-C, a CI cancel): finish the job.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('SIGHUP', () => undefined);
