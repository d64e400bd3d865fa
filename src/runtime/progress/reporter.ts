// Progress of long engine operations (pulls, builds), one row per image or service.
// Two renderers: a TTY one that redraws its rows in place, and a plain one for logs and CI
// that writes one line per state change. The caller never cares which one it got.

import { renderRow, type ProgressRow } from './row-format.js';

/** How a row ended. */
export type ProgressOutcome = 'done' | 'error' | 'skipped';

/** A running row's detail: a status word and optional byte counts. */
export interface ProgressDetail {
  status?: string;
  current?: number;
  total?: number;
}

/** Receives the progress of pulls and builds; see {@link createProgressReporter}. */
export interface ProgressReporter {
  /** Adds a row (or restarts it), e.g. id `pull:postgres`, title `Pulling postgres`. */
  start(id: string, title: string): void;
  /** Updates a running row's status and byte counts. */
  update(id: string, detail: ProgressDetail): void;
  /** One line of output belonging to a row (build steps); shown as the row's detail on a TTY. */
  log(id: string, line: string): void;
  /** Ends a row; `message` says why it failed or was skipped. */
  finish(id: string, outcome: ProgressOutcome, message?: string): void;
  /** Draws the final state; call once when the operation is over. */
  close(): void;
}

/** The output a reporter writes to: a TTY stream gets the redrawing renderer. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options for {@link createProgressReporter}. */
export interface ProgressOptions {
  /** Force a renderer instead of asking `out.isTTY`. */
  tty?: boolean;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
  /** Minimum time between two redraws caused by byte counts alone (default 100 ms). */
  throttleMs?: number;
}

/** A reporter that drops everything (library default, `--quiet`). */
export const silentProgress: ProgressReporter = {
  start: () => {},
  update: () => {},
  log: () => {},
  finish: () => {},
  close: () => {},
};

/** Picks the TTY or the plain renderer for `out`. */
export function createProgressReporter(out: ProgressOutput, opts: ProgressOptions = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  return (opts.tty ?? out.isTTY === true) ? new TtyProgress(out, now, opts.throttleMs ?? 100) : new PlainProgress(out);
}

// `Pulling postgres ...` when a row starts, `Pulling postgres ... done` when it ends.
class PlainProgress implements ProgressReporter {
  private readonly titles = new Map<string, string>();

  constructor(private readonly out: ProgressOutput) {}

  start(id: string, title: string): void {
    this.titles.set(id, title);
    this.out.write(`${title} ...\n`);
  }

  update(): void {}

  log(id: string, line: string): void {
    const text = line.trimEnd();
    if (text !== '') this.out.write(`${this.titles.get(id) ?? id} | ${text}\n`);
  }

  finish(id: string, outcome: ProgressOutcome, message?: string): void {
    const title = this.titles.get(id) ?? id;
    this.out.write(`${title} ... ${outcome}${message === undefined ? '' : `: ${message}`}\n`);
  }

  close(): void {}
}

// Keeps every row and rewrites the whole block: cursor up over the lines drawn last time, then each row.
class TtyProgress implements ProgressReporter {
  private readonly rows = new Map<string, ProgressRow>();
  private drawn = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number,
    private readonly throttleMs: number,
  ) {}

  start(id: string, title: string): void {
    this.rows.set(id, { title, state: 'working', detail: {}, startedAt: this.now() });
    this.draw();
  }

  update(id: string, detail: ProgressDetail): void {
    const row = this.rows.get(id);
    if (row === undefined || row.state !== 'working') return;
    const statusChanged = detail.status !== undefined && detail.status !== row.detail.status;
    row.detail = { ...row.detail, ...detail };
    if (statusChanged || this.now() - this.lastDraw >= this.throttleMs) this.draw();
  }

  log(id: string, line: string): void {
    const text = line.trim();
    if (text !== '') this.update(id, { status: text });
  }

  finish(id: string, outcome: ProgressOutcome, message?: string): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    row.state = outcome;
    row.message = message;
    row.endedAt = this.now();
    this.draw();
  }

  close(): void {
    this.draw();
  }

  private draw(): void {
    this.lastDraw = this.now();
    const rows = [...this.rows.values()];
    const width = Math.max(0, ...rows.map((r) => r.title.length));
    const columns = this.out.columns;
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const row of rows) {
      let line = renderRow(row, width);
      if (columns !== undefined && columns > 1 && line.length > columns - 1) line = line.slice(0, columns - 1);
      text += `\x1b[2K${line}\n`;
    }
    this.drawn = rows.length;
    this.out.write(text);
  }
}
