// Conversion errors carry the field path they happened at (`containers.web.files[/x]: ...`);
// convertWorkload adds the workload prefix once, so helpers stay unaware of it. The field is also
// kept apart (FieldError), so that whoever knows the Score file can point at its line.
import { ScoreComposeError } from '../common/errors.js';
import type { Workload } from '../score/types.js';

/** A conversion problem at `field` (as shown: `containers.web.files[/etc/x]`); `at` is the sub-field at fault. */
export class FieldError extends ScoreComposeError {
  readonly field: string;
  readonly at: string | undefined;

  constructor(
    field: string,
    problem: string,
    options: { hint?: string; details?: string[]; cause?: unknown; at?: string },
  ) {
    super('convert', `${field}: ${problem}`, {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.field = field;
    this.at = options.at;
  }
}

/** A conversion problem at `field`, read `<field>: <problem>`; `at` is the sub-field at fault (not shown). */
export function fieldError(field: string, problem: string, hint?: string, at?: string): ScoreComposeError {
  return new FieldError(field, problem, {
    ...(hint === undefined ? {} : { hint }),
    ...(at === undefined ? {} : { at }),
  });
}

/** The message of anything thrown, for embedding after a field path. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Re-raises a failure from a nested step (placeholders, decoding) as a conversion error at `field`. */
export function rethrowAt(
  field: string,
  err: unknown,
  problemPrefix = '',
  extra: { at?: string; hint?: string } = {},
): never {
  const nested = err instanceof ScoreComposeError ? err : undefined;
  const hint = nested?.hint ?? extra.hint;
  throw new FieldError(field, `${problemPrefix}${messageOf(err)}`, {
    ...(hint === undefined ? {} : { hint }),
    ...(nested === undefined ? {} : { details: nested.details }),
    ...(extra.at === undefined ? {} : { at: extra.at }),
    cause: err,
  });
}

/**
 * The path in `workload` that a field as conversion shows it names (`containers.web.files[/etc/x]`
 * → `['containers', 'web', 'files', '/etc/x']`), then `at`; undefined when it names none. Names are
 * matched against the workload's own, so dots and brackets inside them are no problem.
 */
export function fieldPathOf(field: string, workload: Workload, at?: string): (string | number)[] | undefined {
  const containers = workload.containers ?? {};
  const byLength = (names: string[]) => [...names].sort((a, b) => b.length - a.length);
  const name = byLength(Object.keys(containers)).find(
    (c) => field === `containers.${c}` || field.startsWith(`containers.${c}.`),
  );
  if (name === undefined) return undefined;
  const path: (string | number)[] = ['containers', name];
  const rest = field.slice(`containers.${name}.`.length);
  const container = containers[name]!;
  if (rest === '') return at === undefined ? path : [...path, at];
  let tail = rest;
  if (rest.startsWith('variables.')) {
    const key = rest.slice('variables.'.length);
    path.push('variables', ...(Object.hasOwn(container.variables ?? {}, key) ? [key] : []));
    tail = '';
  } else {
    for (const kind of ['files', 'volumes'] as const) {
      const target = byLength(Object.keys(container[kind] ?? {})).find((t) => rest.startsWith(`${kind}[${t}]`));
      if (target === undefined) continue;
      path.push(kind, target);
      tail = rest.slice(`${kind}[${target}]`.length).replace(/^\./, '');
      break;
    }
  }
  if (tail !== '') path.push(...tail.split('.'));
  return at === undefined ? path : [...path, at];
}
