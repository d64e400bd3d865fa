// The whole machine's CPU time (every process: engine, containers, the bench itself), from the
// kernel's counters in /proc/stat, and a wait for the machine to go quiet between timed runs.
// On a machine without /proc/stat every figure is undefined and quiet() returns at once.

import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux
const QUIET_WINDOW_MS = 250;

/** Busy and idle CPU milliseconds since boot, summed over all cores; undefined without /proc/stat. */
export function cpuCounters() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return { busyMs: (user + nice + system + irq + softirq + steal) * TICK_MS, idleMs: (idle + iowait) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU ms the machine spent busy between `before` and now (undefined when unknown). */
export function busySince(before) {
  const now = cpuCounters();
  return before === undefined || now === undefined ? undefined : now.busyMs - before.busyMs;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the machine is quiet (under a tenth of one core busy over 250 ms) or `maxMs` passed:
 * what the previous run left running (container processes exiting, the engine's clean-up) then
 * does not count against the next one. Returns how long it waited.
 */
export async function quiet(maxMs = 5_000) {
  const t0 = Date.now();
  for (;;) {
    const before = cpuCounters();
    if (before === undefined) return 0;
    await sleep(QUIET_WINDOW_MS);
    const busy = busySince(before);
    if (busy !== undefined && busy < QUIET_WINDOW_MS / 10) return Date.now() - t0;
    if (Date.now() - t0 >= maxMs) return Date.now() - t0;
  }
}
