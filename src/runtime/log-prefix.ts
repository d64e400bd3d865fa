// How `logs` lays out container output: whole lines only, each behind `<service>  | `
// padded to the longest service name, the prefix coloured per service on a terminal.

/** ANSI colours in the order docker compose hands them out (cyan, yellow, green, magenta, blue, then bright). */
export const LOG_PALETTE = ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1'] as const;

/** The prefix of one line, e.g. `web    | `; `color` is an SGR code from {@link LOG_PALETTE}. */
export function logPrefix(service: string, width: number, color?: string): string {
  const label = `${service.padEnd(width)}  |`;
  return color === undefined ? `${label} ` : `\x1b[${color}m${label}\x1b[0m `;
}

/** The colour of the i-th service (cycling through the palette). */
export function paletteColor(index: number): string {
  return LOG_PALETTE[index % LOG_PALETTE.length] ?? '36';
}

/** Cuts a stream of text pieces into whole lines, keeping an unfinished line until more text arrives. */
export class LineSplitter {
  private rest = '';

  /** The complete lines in `text` (plus what was pending), without their line ends. */
  push(text: string): string[] {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  /** The unfinished last line, if any, once the stream has ended. */
  flush(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}
