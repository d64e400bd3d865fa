import { describe, expect, it } from 'vitest';
import { renderGrid, tableWidth } from '../../../src/cli/table.js';

const HEADERS = ['type', 'class', 'outputs', 'description'];
const ROWS = [
  [
    'postgres',
    '(any)',
    'database, host, name, password, port, username',
    'Provisions a dedicated database on a shared PostgreSQL instance.',
  ],
  ['redis', '(any)', 'host, password, port, username', 'Provisions a dedicated Redis instance.'],
];

const widest = (grid: string) =>
  Math.max(
    ...grid
      .trimEnd()
      .split('\n')
      .map((l) => l.length),
  );
const words = (grid: string) =>
  grid
    .split('\n')
    .flatMap((l) => l.split('|'))
    .join(' ')
    .split(/[\s]+/)
    .filter((w) => w !== '' && !/^[-+]+$/.test(w));

describe('renderGrid', () => {
  it('keeps every row on one line without a width', () => {
    const grid = renderGrid(HEADERS, ROWS);
    expect(grid.trimEnd().split('\n')).toHaveLength(7);
    expect(grid).toContain('| postgres | (any) | database, host, name, password, port, username |');
  });

  it.each([60, 80, 100, 120])('fits %i columns by wrapping the widest cells, losing no word', (width) => {
    const grid = renderGrid(HEADERS, ROWS, width);
    expect(widest(grid)).toBeLessThanOrEqual(width);
    expect(words(grid).sort()).toEqual(words(renderGrid(HEADERS, ROWS)).sort());
    // Every line of the grid has the same length: the columns stay aligned.
    expect(
      new Set(
        grid
          .trimEnd()
          .split('\n')
          .map((l) => l.length),
      ).size,
    ).toBe(1);
  });

  it('breaks a word longer than its column, and never narrows a column below its header', () => {
    const grid = renderGrid(['uid', 'outputs'], [['a'.repeat(40), 'x']], 30);
    expect(widest(grid)).toBeLessThanOrEqual(30);
    expect(grid.replace(/[^a]/g, '')).toHaveLength(40);
    expect(renderGrid(['a-long-header', 'b'], [['x', 'y']], 5)).toContain('A-LONG-HEADER');
  });
});

describe('tableWidth', () => {
  it("is the terminal's width, else COLUMNS, else unbounded", () => {
    expect(tableWidth({ isTTY: true, columns: 90 }, {})).toBe(90);
    expect(tableWidth({}, { COLUMNS: '70' })).toBe(70);
    expect(tableWidth({}, {})).toBeUndefined();
    expect(tableWidth({ isTTY: false, columns: 90 }, { COLUMNS: 'x' })).toBeUndefined();
  });
});
