// Text of one progress row on a TTY: mark, padded title, then status, bytes and percent,
// or the outcome and the elapsed time once the row is over.

/** A row as the TTY renderer keeps it. */
export interface ProgressRow {
  title: string;
  state: 'working' | 'done' | 'error' | 'skipped';
  detail: { status?: string; current?: number; total?: number };
  message?: string;
  startedAt: number;
  endedAt?: number;
}

const MARKS: Record<ProgressRow['state'], string> = { working: '⠿', done: '✔', error: '✘', skipped: '-' };

/** One row, its title padded to `width`. */
export function renderRow(row: ProgressRow, width: number): string {
  const head = ` ${MARKS[row.state]} ${row.title.padEnd(width)}`;
  if (row.state !== 'working') {
    const elapsed = row.endedAt === undefined ? '' : ` ${formatSeconds(row.endedAt - row.startedAt)}`;
    return `${head}  ${row.state}${row.message === undefined ? '' : `: ${row.message}`}${elapsed}`;
  }
  const { status, current, total } = row.detail;
  const parts: string[] = [];
  if (status !== undefined) parts.push(status);
  if (current !== undefined && total !== undefined && total > 0) {
    const pct = Math.min(100, Math.floor((current / total) * 100));
    parts.push(`${formatBytes(current)}/${formatBytes(total)}`, `${pct}%`);
  } else if (current !== undefined && current > 0) {
    parts.push(formatBytes(current));
  }
  return parts.length === 0 ? head : `${head}  ${parts.join(' ')}`;
}

/** Decimal byte sizes as docker prints them: `512B`, `12.3kB`, `45.6MB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)}B` : `${value.toFixed(1)}${units[unit]}`;
}

/** Elapsed milliseconds as `1.2s`. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}
