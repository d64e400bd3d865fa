import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../../../src/runtime/progress/reporter.js';
import { formatBytes } from '../../../../src/runtime/progress/row-format.js';
import { PullProgress } from '../../../../src/runtime/images/pull-progress.js';

function fakeStream(
  isTTY: boolean,
  columns?: number,
): { write: (s: string) => void; isTTY: boolean; columns?: number; text: string } {
  const s = { isTTY, columns, text: '', write: (t: string) => void (s.text += t) };
  return s;
}

// What a terminal would show: apply "cursor up N" and "clear line" to a line buffer.
function screen(raw: string): string[] {
  const lines: string[] = [];
  let row = 0;
  const tokens = raw.split(/(\x1b\[\d+A|\x1b\[2K|\n)/);
  for (const t of tokens) {
    const up = /^\x1b\[(\d+)A$/.exec(t);
    if (up !== null) row -= Number(up[1]);
    else if (t === '\x1b[2K') lines[row] = '';
    else if (t === '\n') row++;
    else if (t !== '') lines[row] = (lines[row] ?? '') + t;
  }
  return lines;
}

describe('plain progress', () => {
  it('writes one line per state change and ignores byte counts', () => {
    const out = fakeStream(false);
    const p = createProgressReporter(out);
    p.start('a', 'Pulling postgres');
    p.update('a', { status: 'Downloading', current: 1, total: 2 });
    p.start('b', 'Building web');
    p.log('b', 'Step 1/2 : FROM busybox\n');
    p.finish('a', 'done');
    p.finish('b', 'error', 'exit 1');
    p.close();
    expect(out.text).toBe(
      'Pulling postgres ...\nBuilding web ...\nBuilding web | Step 1/2 : FROM busybox\nPulling postgres ... done\nBuilding web ... error: exit 1\n',
    );
  });

  it('is chosen when the stream is not a TTY, the TTY renderer otherwise', () => {
    const plain = fakeStream(false);
    createProgressReporter(plain).start('a', 'Pulling x');
    expect(plain.text).not.toContain('\x1b');
    const tty = fakeStream(true);
    createProgressReporter(tty).start('a', 'Pulling x');
    expect(tty.text).toContain('\x1b[2K');
  });
});

describe('tty progress', () => {
  it('redraws one row per id in place, with bytes and percent', () => {
    let now = 0;
    const out = fakeStream(true);
    const p = createProgressReporter(out, { now: () => now, throttleMs: 100 });
    p.start('db', 'Pulling db');
    p.start('web', 'Building web');
    now = 200;
    p.update('db', { status: 'Downloading', current: 2_500_000, total: 10_000_000 });
    expect(screen(out.text)).toEqual([' ⠿ Pulling db    Downloading 2.5MB/10.0MB 25%', ' ⠿ Building web']);
    now = 1700;
    p.finish('db', 'done');
    p.log('web', 'Step 2/3 : COPY . /app');
    expect(screen(out.text)).toEqual([' ✔ Pulling db    done 1.7s', ' ⠿ Building web  Step 2/3 : COPY . /app']);
  });

  it('throttles redraws caused by byte counts alone, never a state change', () => {
    let now = 0;
    const out = fakeStream(true);
    const p = createProgressReporter(out, { now: () => now, throttleMs: 100 });
    p.start('a', 'Pulling a');
    p.update('a', { status: 'Downloading', current: 1, total: 100 });
    const before = out.text.length;
    now = 50;
    p.update('a', { current: 50, total: 100 });
    expect(out.text.length).toBe(before);
    p.finish('a', 'error', 'boom');
    expect(screen(out.text)).toEqual([' ✘ Pulling a  error: boom 0.1s']);
  });

  it('cuts rows to the terminal width', () => {
    const out = fakeStream(true, 20);
    createProgressReporter(out).start('a', 'Pulling a-very-long-service-name');
    expect(screen(out.text)[0]).toHaveLength(19);
  });
});

describe('formatBytes', () => {
  it('uses decimal units like docker', () => {
    expect([formatBytes(999), formatBytes(12_345), formatBytes(45_600_000), formatBytes(2e9)]).toEqual([
      '999B',
      '12.3kB',
      '45.6MB',
      '2.0GB',
    ]);
  });
});

describe('PullProgress', () => {
  it('sums layer bytes and reports the least advanced phase', () => {
    const p = new PullProgress();
    expect(p.push({ status: 'Pulling from library/postgres', id: '16' })).toBeUndefined();
    p.push({ id: 'l1', status: 'Pulling fs layer' });
    p.push({ id: 'l2', status: 'Pulling fs layer' });
    expect(p.detail()).toEqual({ status: 'Waiting' });
    p.push({ id: 'l1', status: 'Downloading', progressDetail: { current: 10, total: 100 } });
    expect(p.push({ id: 'l2', status: 'Downloading', progressDetail: { current: 50, total: 300 } })).toEqual({
      status: 'Downloading',
      current: 60,
      total: 400,
    });
    p.push({ id: 'l1', status: 'Download complete' });
    expect(p.detail()).toEqual({ status: 'Downloading', current: 150, total: 400 });
    p.push({ id: 'l2', status: 'Extracting', progressDetail: { current: 5, total: 300 } });
    expect(p.detail().status).toBe('Extracting');
    p.push({ id: 'l1', status: 'Pull complete' });
    p.push({ id: 'l2', status: 'Pull complete' });
    expect(p.detail()).toEqual({ status: 'Pull complete', current: 400, total: 400 });
  });
});
