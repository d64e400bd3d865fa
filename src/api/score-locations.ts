// Where in which Score file an error is: provisioning and conversion errors say what they are
// about (a subject: workload and field path; a conversion field; a placeholder), and the Score
// files read this run turn that into `file:line:col`. Workloads taken from the state without
// reading their file have no position: their errors stay as they are.
import { ScoreComposeError, type ErrorSubject, type SourceLocation } from '../common/errors.js';
import { FieldError, fieldPathOf } from '../convert/convert-error.js';
import { UnresolvedReference } from '../placeholders/resolve.js';
import type { ParsedYaml } from '../score/parse.js';
import { toSourcePath } from '../score/source-path.js';
import type { Workload } from '../score/types.js';

/** A Score file read this run, as parsed: its name as given and the way to its positions. */
export interface ScoreSource {
  file: string;
  raw: Record<string, unknown>;
  locate: ParsedYaml['locate'];
}

/** The position of `path` (a path in the upgraded workload) in `source`, at `text` inside the value if given. */
export function locateIn(source: ScoreSource, path: readonly (string | number)[], text?: string): SourceLocation {
  const pos = source.locate(toSourcePath(path, source.raw), false, text);
  return pos ? { file: source.file, line: pos.line, col: pos.col } : { file: source.file };
}

/** The workload named by convertWorkload's message, `failed to convert workload '<name>' to Docker compose: ...`. */
const CONVERTING = /^failed to convert workload '([^']+)' to (?:Docker compose|Kubernetes): /;

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 32; e = e.cause) chain.push(e);
  return chain;
}

/** What a conversion error is about: the workload (from its message) and the field (from its FieldError). */
function conversionSubject(
  chain: unknown[],
  workloadOf: (name: string) => Workload | undefined,
): ErrorSubject | undefined {
  const name = chain.flatMap((e) => (e instanceof Error ? [CONVERTING.exec(e.message)?.[1]] : [])).find(Boolean);
  const field = chain.find((e): e is FieldError => e instanceof FieldError);
  const workload = name === undefined ? undefined : workloadOf(name);
  if (name === undefined || field === undefined || workload === undefined) return undefined;
  const path = fieldPathOf(field.field, workload, field.at);
  return path === undefined ? undefined : { workload: name, path };
}

/**
 * Finds positions for the errors of one generate run: `sources` are the Score files read this run
 * by workload name, `workloadOf` the workloads as stored (for conversion field paths).
 */
export function errorLocator(
  sources: ReadonlyMap<string, ScoreSource>,
  workloadOf: (name: string) => Workload | undefined,
): (err: unknown) => unknown {
  return (err) => {
    if (!(err instanceof ScoreComposeError) || err.location !== undefined) return err;
    const chain = causes(err);
    const subject = err.subject ?? conversionSubject(chain, workloadOf);
    const source = subject === undefined ? undefined : sources.get(subject.workload);
    if (subject === undefined || source === undefined) return err;
    // The placeholder at fault, to point at its column: named by the subject, or the reference that failed.
    const unresolved = chain.find((e): e is UnresolvedReference => e instanceof UnresolvedReference);
    const text = subject.text ?? (unresolved === undefined ? undefined : `\${${unresolved.ref}}`);
    return new ScoreComposeError(err.code, err.message, {
      ...(err.hint === undefined ? {} : { hint: err.hint }),
      location: locateIn(source, subject.path, text),
      subject,
      details: err.details,
      detailHints: err.detailHints,
      cause: err,
    });
  };
}
