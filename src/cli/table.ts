/**
 * Renders rows as an ASCII grid with centred upper-case headers and a rule between rows,
 * the table style score-compose users know from `resources list` and `provisioners list`.
 */
export function renderGrid(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const centre = (text: string, width: number) => {
    const space = width + 2 - text.length;
    const left = Math.floor(space / 2);
    return `${' '.repeat(left)}${text}${' '.repeat(space - left)}`;
  };
  const line = (cells: string[]) => `|${cells.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join('|')}|\n`;
  let out = rule + `|${headers.map((h, i) => centre(h.toUpperCase(), widths[i]!)).join('|')}|\n` + rule;
  for (const row of rows) out += line(row) + rule;
  return out;
}
