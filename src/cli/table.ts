/** The narrowest a column gets when a table is fitted to the terminal (or its header, if wider). */
const MIN_COLUMN = 8;

/**
 * Splits a cell into lines of at most `width` characters: at spaces where it can, inside a word
 * only when the word itself is longer.
 */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (rest.length > 0) {
      const room = line === '' ? width : width - line.length - 1;
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Column widths whose grid is at most `maxWidth` wide. One character at a time is taken from
 * the column where losing it adds the fewest lines and cut words to the table, then the fewest
 * lines to its cells (the widest on a tie), none
 * below its header or MIN_COLUMN: a mostly empty column gives way before the descriptions.
 * When even that is too wide, the narrowest possible grid is returned (a terminal wraps it;
 * `--format json` has the full content).
 */
function fitWidths(natural: number[], floors: number[], rows: string[][], maxWidth: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((sum, w) => sum + w + 3, 1);
  // What losing a character costs: the table's lines plus the words cut in the middle (a cut word
  // reads as badly as a line more), then the lines of all its cells.
  const cost = (column: number, width: number): number[] => {
    let broken = 0;
    let lines = 0;
    let cells = 0;
    for (const row of rows) {
      const counts = widths.map((w, i) => {
        const cellWidth = i === column ? width : w;
        const text = row[i] ?? '';
        broken += text.split(' ').filter((word) => word.length > cellWidth).length;
        return wrap(text, cellWidth).length;
      });
      lines += Math.max(...counts);
      cells += counts.reduce((a, b) => a + b, 0);
    }
    return [lines + broken, cells];
  };
  const less = (a: number[], b: number[]) => {
    const at = a.findIndex((v, i) => v !== b[i]);
    return at >= 0 && a[at]! < b[at]!;
  };
  while (total() > maxWidth) {
    let best = -1;
    let bestCost: number[] = [];
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! <= floors[i]!) continue;
      const c = cost(i, widths[i]! - 1);
      const tie = best >= 0 && !less(c, bestCost) && !less(bestCost, c);
      if (best < 0 || less(c, bestCost) || (tie && widths[i]! > widths[best]!)) {
        best = i;
        bestCost = c;
      }
    }
    if (best < 0) break;
    widths[best]! -= 1;
  }
  return widths;
}

/**
 * Renders rows as an ASCII grid with centred upper-case headers and a rule between rows,
 * the table style score-compose users know from `resources list` and `provisioners list`.
 * With `maxWidth` (the terminal's columns), wide cells wrap onto more lines so the grid fits.
 */
export function renderGrid(headers: string[], rows: string[][], maxWidth?: number): string {
  const natural = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const floors = headers.map((h, i) => Math.min(natural[i]!, Math.max(h.length, MIN_COLUMN)));
  const widths = maxWidth === undefined ? natural : fitWidths(natural, floors, rows, maxWidth);
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const centre = (text: string, width: number) => {
    const space = width + 2 - text.length;
    const left = Math.floor(space / 2);
    return `${' '.repeat(left)}${text}${' '.repeat(space - left)}`;
  };
  const lines = (cells: string[]) => {
    const wrapped = widths.map((w, i) => wrap(cells[i] ?? '', w));
    const height = Math.max(...wrapped.map((c) => c.length));
    let out = '';
    for (let l = 0; l < height; l++) {
      out += `|${wrapped.map((c, i) => ` ${(c[l] ?? '').padEnd(widths[i]!)} `).join('|')}|\n`;
    }
    return out;
  };
  let out = rule + `|${headers.map((h, i) => centre(h.toUpperCase(), widths[i]!)).join('|')}|\n` + rule;
  for (const row of rows) out += lines(row) + rule;
  return out;
}

/**
 * How wide a table may be: the terminal's columns when stdout is one, else `COLUMNS` when set;
 * unbounded for a pipe or a file (a script reads whole rows).
 */
export function tableWidth(
  stdout: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number | undefined {
  if (stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0) return stdout.columns;
  const fromEnv = Number.parseInt(env['COLUMNS'] ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}
