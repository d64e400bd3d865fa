// A NUL character has no place in a Score file's names, paths, images, variables or params: it
// cannot be in a file name, an argument or an environment variable, and it would reach compose.yaml
// or the file system. Only a file's inline `content` may hold one (it is written as bytes).
import { isRecord } from '../common/is-record.js';
import type { FieldPath, Problem } from './problem.js';

/** `containers.<c>.files.<target>.content`: the one place a NUL is data. */
function isFileContent(path: FieldPath): boolean {
  return path.length === 5 && path[0] === 'containers' && path[2] === 'files' && path[4] === 'content';
}

const MESSAGE = 'must not contain a NUL character (\\0)';

function walk(value: unknown, path: FieldPath, out: Problem[]): void {
  if (typeof value === 'string') {
    if (value.includes('\0') && !isFileContent(path)) out.push({ path, message: MESSAGE });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], out));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\0')) out.push({ path: [...path, key], message: `the name ${MESSAGE}`, atKey: true });
    else walk(item, [...path, key], out);
  }
}

/** Every string (and map key) holding a NUL outside file content. */
export function checkNulCharacters(workload: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  walk(workload, [], out);
  return out;
}
