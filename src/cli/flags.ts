import { userError } from '../common/errors.js';

/** Parses a flag value given in seconds (`--timeout 10`, `--wait-timeout 1.5`). */
export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw userError('usage', `invalid number of seconds '${value}'`);
  return n;
}

/** The help text of `--project-name` on the commands that act on a running project. */
export const PROJECT_NAME_HELP = 'the compose project (default: from the state or compose.yaml)';
