// Stack traces of the minified CLI bundle, put back in terms of the sources. The build writes the
// bundle's source map beside it (`score-compose.cjs.map`, scripts/bundle-cli.mjs); it is read
// only here, when an internal error's stack is printed, so a run that fails for a bug names
// `src/.../file.ts:line:col` instead of a column on one long line of minified code.
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';

// `    at name (file:line:col)` or `    at file:line:col`
const FRAME = /^(\s*at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/;

/** The source map written beside `file`, if it is a bundle that has one. */
function mapOf(file: string, maps: Map<string, SourceMap | undefined>): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    if (file.endsWith('.cjs')) {
      try {
        map = new SourceMap(
          JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0],
        );
      } catch {
        map = undefined; // no map beside it (not a bundle), or unreadable: the frame stays as it is
      }
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** The source a `sources` entry names, from the repository root (`../../src/x.ts` → `src/x.ts`). */
function sourceName(source: string): string {
  return source.replace(/^(?:[a-z]+:\/\/)?(?:\.\.\/)+/, '');
}

/**
 * `stack` with every frame in a bundle that has a source map replaced by its place in the
 * sources (`at src/cli/program.ts:120:7`); frames elsewhere, and lines that are not frames, as
 * they were.
 */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack
    .split('\n')
    .map((line) => {
      const frame = FRAME.exec(line);
      if (frame === null) return line;
      const [, , file, row, col] = frame;
      const map = mapOf(file!, maps);
      if (map === undefined) return line;
      // An empty object when no mapping covers the position.
      const entry = map.findEntry(Number(row) - 1, Number(col) - 1) as Partial<SourceMapping>;
      if (typeof entry.originalSource !== 'string' || entry.originalLine === undefined) return line;
      const indent = /^\s*/.exec(line)![0];
      return `${indent}at ${sourceName(entry.originalSource)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    })
    .join('\n');
}
