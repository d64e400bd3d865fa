// Global setup: every test run gets its own temporary directory, removed when the run ends.
// Tests create their folders with os.tmpdir() as usual; pointing TMPDIR at the run's directory
// (inherited by the forked workers) means nothing is left in /tmp, whatever a test forgets.
// A run that was killed cannot clean up: the next run removes folders whose owner is gone.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'score-compose-ts-tests-';
const MARKER = 'SCORE_COMPOSE_TEST_TMP';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the run's temp root and returns the teardown that removes it. */
export default function setup(): () => void {
  // Vitest runs global setup once per project (tier); the first one makes the root.
  if (process.env[MARKER] !== undefined) return () => {};
  const base = tmpdir();
  for (const entry of readdirSync(base)) {
    const pid = Number(entry.slice(PREFIX.length));
    if (entry.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid)) {
      rmSync(join(base, entry), { recursive: true, force: true });
    }
  }
  const root = join(base, `${PREFIX}${process.pid}`);
  mkdirSync(root, { recursive: true });
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  process.env[MARKER] = root;
  return () => {
    delete process.env[MARKER];
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
