// Turns file system events into batches of changed paths. Files are watched through their
// directory, because editors save by writing a new file and renaming it over the old one, which
// ends a watch on the file itself; build contexts are watched recursively. A batch is handed on
// once no event arrived for `quietMs` (a burst of saves becomes one batch), or after `maxWaitMs`.
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { WatchTargets } from './targets.js';

/** Debounce settings. */
export interface BatchTiming {
  quietMs: number;
  maxWaitMs: number;
}

/** Default debounce: long enough for an editor's save, short enough to feel immediate. */
export const DEFAULT_TIMING: BatchTiming = { quietMs: 120, maxWaitMs: 1_000 };

/** Watches the targets and calls `onBatch` with the absolute paths that changed. */
export class ChangeWatcher {
  private watchers: FSWatcher[] = [];
  private pending = new Set<string>();
  private quietTimer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(
    private readonly onBatch: (paths: Set<string>) => void,
    private readonly timing: BatchTiming = DEFAULT_TIMING,
  ) {}

  /** (Re)starts watching exactly these targets. */
  watch(targets: WatchTargets): void {
    this.closeWatchers();
    const dirs = new Set([...targets.files].map((f) => dirname(f)));
    for (const dir of targets.provisionerDirs) dirs.add(dir);
    for (const dir of dirs) this.add(dir, false);
    for (const context of targets.contexts) this.add(context.dir, true);
  }

  /** The number of directories being watched. */
  get size(): number {
    return this.watchers.length;
  }

  private add(dir: string, recursive: boolean): void {
    try {
      const watcher = watch(dir, { recursive }, (_event, name) => {
        this.note(name === null ? dir : resolve(join(dir, name.toString())));
      });
      // A watched directory that disappears ends its watcher; the next up watches again.
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch {
      // A directory that does not exist (yet) cannot change anything we read.
    }
  }

  private note(path: string): void {
    if (this.pending.size === 0) this.firstAt = Date.now();
    this.pending.add(path);
    if (this.quietTimer !== undefined) clearTimeout(this.quietTimer);
    const waited = Date.now() - this.firstAt;
    const delay = Math.max(0, Math.min(this.timing.quietMs, this.timing.maxWaitMs - waited));
    this.quietTimer = setTimeout(() => this.flush(), delay);
  }

  private flush(): void {
    this.quietTimer = undefined;
    const batch = this.pending;
    this.pending = new Set();
    if (batch.size > 0) this.onBatch(batch);
  }

  private closeWatchers(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  /** Stops watching and drops anything pending. */
  close(): void {
    this.closeWatchers();
    if (this.quietTimer !== undefined) clearTimeout(this.quietTimer);
    this.pending.clear();
  }
}
