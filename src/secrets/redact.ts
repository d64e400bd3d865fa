// Secrets never reach a log line or an error message: every secret a run knows of (in each of the
// forms it may take) is masked in what the logger is given and in what the CLI prints on failure.
// The registry is process-wide because an error can surface far from the run that knew the value.
import type { Logger } from '../common/log.js';
import type { Secret } from './collect.js';
import { secretForms } from './externalize.js';
import { literalMatcher, type LiteralMatcher } from './matcher.js';

const MASK = '******';
const known = new Set<string>();
let matcher: LiteralMatcher | undefined;
let stale = false;

/** Adds values to mask from now on (with their encoded forms). */
export function registerSecrets(secrets: readonly Secret[]): void {
  const before = known.size;
  for (const form of secrets.flatMap(secretForms)) if (form.value.length >= 4) known.add(form.value);
  // Built again when next needed: a run registers secrets resource by resource.
  if (known.size !== before) stale = true;
}

/** `text` with every known secret masked. */
export function redact(text: string): string {
  if (stale) {
    matcher = literalMatcher(known);
    stale = false;
  }
  return matcher === undefined ? text : matcher.replaceAll(text, () => MASK);
}

/** A logger that masks known secrets before passing lines on. */
export function redactingLogger(logger: Logger): Logger {
  return {
    debug: (m) => logger.debug(redact(m)),
    info: (m) => logger.info(redact(m)),
    warn: (m) => logger.warn(redact(m)),
  };
}
