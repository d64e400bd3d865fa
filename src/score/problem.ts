// One validation finding, shared by the schema check and the semantic check so that both
// can be reported together, sorted, with a source position looked up from the path.

/** A path into the workload: map keys are strings, list indices numbers. */
export type FieldPath = (string | number)[];

/** One problem in a workload: where (path of the offending field), what, and how to fix it. */
export interface Problem {
  path: FieldPath;
  message: string;
  hint?: string;
  /** The map key at `path` is at fault (unknown field, invalid name): point at the key, not its value. */
  atKey?: boolean;
  /** The text at fault inside the value at `path` (a placeholder), to point at its column. */
  text?: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Renders a path as `containers.web.files[/etc/app.conf].mode`; keys that are not plain words go in brackets. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number' || PLAIN_KEY.test(seg)) out += out === '' ? String(seg) : `.${seg}`;
    else {
      // Keep one problem per line, and a pasted blob as a key from swamping the message.
      const key = seg.length > 60 ? `${seg.slice(0, 60)}...` : seg;
      out += CONTROL.test(key) ? `[${JSON.stringify(key)}]` : `[${key}]`;
    }
  }
  return out;
}

/** Renders a path as a JSON pointer (`/containers/web/files/~1etc~1app.conf`). */
export function toJsonPointer(path: readonly (string | number)[]): string {
  return path.map((seg) => `/${String(seg).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function compareSegments(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Orders problems by path (segment by segment, parents first), then message. */
export function compareProblems(a: Problem, b: Problem): number {
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(a.path[i] as string | number, b.path[i] as string | number);
    if (c !== 0) return c;
  }
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Sorts problems and drops exact duplicates (same path and message), keeping the first hint. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of [...problems].sort(compareProblems)) {
    const key = `${JSON.stringify(p.path)}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
