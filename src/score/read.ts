// Reading and checking Score files: the IO edge (readWorkloadFile), the cross-file metadata
// pre-checks, and the per-workload pipeline upgrade → schema → semantics with errors that
// point at `file:line:col`.
import { ScoreComposeError, formatLocation } from '../common/errors.js';
import { PathRefused, readRegularFile, type Confinement } from '../fs/confine.js';
import type { SourceLocation } from '../common/errors.js';
import { parseYamlDocument } from './parse.js';
import type { ParsedYaml } from './parse.js';
import { formatFieldPath } from './problem.js';
import { isRecord } from '../common/is-record.js';
import type { FieldPath, Problem } from './problem.js';
import { checkWorkloadSemantics } from './semantics.js';
import { toSourcePath } from './source-path.js';
import type { Workload } from './types.js';
import { tryUpgradeWorkload } from './upgrade.js';
import { validateWorkloadSchema } from './validate.js';

type Locate = ParsedYaml['locate'];

function locationOf(
  file: string,
  path: FieldPath,
  raw: Record<string, unknown>,
  locate?: Locate,
  atKey = false,
  text?: string,
): SourceLocation {
  const pos = locate?.(toSourcePath(path, raw), atKey, text);
  return pos ? { file, line: pos.line, col: pos.col } : { file };
}

function workloadLabel(raw: Record<string, unknown>, file: string): string {
  const metadata = raw['metadata'];
  const name = isRecord(metadata) ? metadata['name'] : undefined;
  return typeof name === 'string' && name !== '' ? name : file;
}

function validationError(
  raw: Record<string, unknown>,
  file: string,
  problems: Problem[],
  locate?: Locate,
): ScoreComposeError {
  const located = problems.map((p) => ({ p, loc: locationOf(file, p.path, raw, locate, p.atKey, p.text) }));
  const details = located.map(({ p, loc }) => `${formatLocation(loc)} ${formatFieldPath(p.path)}: ${p.message}`);
  const hint = problems.find((p) => p.hint !== undefined)?.hint;
  return new ScoreComposeError('input', `validation errors in workload '${workloadLabel(raw, file)}'`, {
    details,
    detailHints: problems.map((p) => p.hint),
    ...(hint !== undefined ? { hint } : {}),
    ...(located[0] ? { location: located[0].loc } : {}),
  });
}

/**
 * Upgrades, schema-validates and semantically checks one raw workload from `file`; `locate`
 * (from parsing) adds line:col to each problem. Throws one error listing every problem.
 */
export function checkWorkload(raw: unknown, file: string, locate?: Locate): { workload: Workload; changes: string[] } {
  if (!isRecord(raw)) {
    throw new ScoreComposeError('input', `validation errors in workload '${file}'`, {
      details: [`${file} (root): must be a map`],
    });
  }
  const upgraded = tryUpgradeWorkload(raw);
  if (!upgraded.ok) {
    throw new ScoreComposeError('input', upgraded.error.message, {
      location: locationOf(file, upgraded.path, raw, locate),
    });
  }
  const schemaProblems = validateWorkloadSchema(upgraded.value);
  // Semantic checks assume the shapes the schema guarantees, so they run only on a valid shape.
  const problems = schemaProblems.length > 0 ? schemaProblems : checkWorkloadSemantics(upgraded.value);
  if (problems.length > 0) throw validationError(raw, file, problems, locate);
  // A private copy: callers fill in defaults (e.g. --image) without touching the raw map.
  return { workload: structuredClone(upgraded.value) as unknown as Workload, changes: upgraded.changes };
}

/** Node's "ENOENT: no such file or directory, open '/abs/x'" as "open x: no such file or directory". */
function describeOsError(err: unknown, displayPath: string): string {
  if (err instanceof PathRefused) return `${displayPath}: ${err.reason}`;
  if (!(err instanceof Error)) return String(err);
  const { code, syscall } = err as NodeJS.ErrnoException;
  const reason = code ? err.message.replace(new RegExp(`^${code}: `), '').replace(/, \w+ '.*'$/, '') : err.message;
  return syscall ? `${syscall} ${displayPath}: ${reason}` : reason;
}

/**
 * Reads and parses a Score file; `displayPath` is how errors name it (as given on the command
 * line). Only a regular file is read; with `within` (a path recorded in the state rather than
 * typed by the user), only one whose real path is inside that directory.
 */
export async function readWorkloadFile(
  path: string,
  displayPath: string,
  within?: Confinement,
): Promise<{ raw: Record<string, unknown>; parsed: ParsedYaml }> {
  let text: Buffer;
  try {
    text = await readRegularFile(path, within ? { within } : {});
  } catch (err) {
    throw new ScoreComposeError('io', `failed to read '${displayPath}': ${describeOsError(err, displayPath)}`, {
      cause: err,
    });
  }
  const parsed = parseYamlDocument(text, displayPath);
  // parseYamlDocument only returns maps; the check narrows the type.
  const raw = isRecord(parsed.value) ? parsed.value : {};
  return { raw, parsed };
}

/**
 * The pre-checks over all files at once, before overrides and validation: each has `metadata` with a
 * non-empty `name`, and names are unique. Throws `validation failed:` listing every problem.
 */
export function checkWorkloadFilesMetadata(files: readonly { file: string; raw: unknown }[]): void {
  const messages: string[] = [];
  const seen = new Set<string>();
  for (const { file, raw } of files) {
    const metadata = isRecord(raw) ? raw['metadata'] : undefined;
    if (!isRecord(metadata)) {
      messages.push(`workload in file '${file}' is missing required metadata`);
      continue;
    }
    const name = metadata['name'];
    if (typeof name !== 'string' || name === '') {
      messages.push(`workload in file '${file}' has empty metadata.name`);
      continue;
    }
    if (seen.has(name)) messages.push(`workload name '${name}' in file '${file}' is used more than once`);
    seen.add(name);
  }
  if (messages.length > 0) {
    throw new ScoreComposeError('input', `validation failed:${messages.map((m) => `\n  - ${m}`).join('')}`);
  }
}
