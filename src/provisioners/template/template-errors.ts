// Error messages of the template engine: one compiler-style line,
// `failed to parse template: <name>:<line>:<col>: <what>`.
import { ScoreComposeError } from '../../common/errors.js';

type Location = hbs.AST.SourceLocation;

function where(name: string, line?: number, col?: number): string {
  const pos = line === undefined ? '' : col === undefined ? `${line}` : `${line}:${col}`;
  return [name, pos].filter((s) => s !== '').join(':');
}

/** `<name>:<line>:<col>: <message>`, leaving out what is unknown. */
export function prefixed(name: string, line: number | undefined, col: number | undefined, message: string): string {
  const at = where(name, line, col);
  return at === '' ? message : `${at}: ${message}`;
}

/** Turns Handlebars' multi-line parse errors into one compiler-style line. */
export function describeParseError(err: unknown, name: string): ScoreComposeError {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const message = e.message ?? String(err);
  const jison = /^Parse error on line (\d+):\n(.*)\n-*\^\n(?:Expecting (.*), )?got '([^']*)'/s.exec(message);
  if (jison) {
    const line = Number(jison[1]);
    const near = jison[2]!.trim();
    const expected = jison[3]?.split(', ') ?? [];
    const got = jison[4] === 'EOF' ? 'unexpected end of template' : `unexpected ${jison[4]}`;
    const detail = expected.length > 0 && expected.length <= 3 ? `${got}, expected ${expected.join(' or ')}` : got;
    return new ScoreComposeError(
      'provision',
      `failed to parse template: ${prefixed(name, line, undefined, `${detail} near "${near}"`)}`,
      {
        location: { file: name, line },
      },
    );
  }
  const line = e.lineNumber;
  const col = e.column === undefined ? undefined : e.column + 1;
  const text = message.replace(/ - \d+:\d+$/, '');
  return new ScoreComposeError('provision', `failed to parse template: ${prefixed(name, line, col, text)}`, {
    ...(line === undefined ? {} : { location: { file: name, line, ...(col === undefined ? {} : { col }) } }),
  });
}

/** A parse-time problem found at `loc`. */
export function parseFailure(name: string, loc: Location | undefined, message: string): ScoreComposeError {
  const line = loc?.start.line;
  const col = loc === undefined ? undefined : loc.start.column + 1;
  return new ScoreComposeError('provision', `failed to parse template: ${prefixed(name, line, col, message)}`);
}
