// Conversion errors carry the field path they happened at (`containers.web.files[/x]: ...`);
// convertWorkload adds the workload prefix once, so helpers stay unaware of it.
import { ScoreComposeError } from '../common/errors.js';

/** A conversion problem at `field`; the message reads `<field>: <problem>`. */
export function fieldError(field: string, problem: string, hint?: string): ScoreComposeError {
  return new ScoreComposeError('convert', `${field}: ${problem}`, hint === undefined ? {} : { hint });
}

/** The message of anything thrown, for embedding after a field path. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Re-raises a failure from a nested step (placeholders, decoding) as a conversion error at `field`. */
export function rethrowAt(field: string, err: unknown, problemPrefix = ''): never {
  const nested = err instanceof ScoreComposeError ? err : undefined;
  throw new ScoreComposeError('convert', `${field}: ${problemPrefix}${messageOf(err)}`, {
    hint: nested?.hint,
    details: nested?.details,
    cause: err,
  });
}
