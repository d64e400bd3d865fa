// Reading the YAML map of one provisioner definition. Items are decoded strictly, as the
// reference does: an unknown key is an error that names it (usually a typo).
import { userError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import type { Provisioner, ProvisionerTarget } from './types.js';
import type { TemplateLocator } from './template-position.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

/** Where a definition came from. */
export interface Origin {
  file: string;
  index: number;
  /** Where a template error is in the file (template/position.ts); absent for built-in definitions. */
  locateTemplate?: TemplateLocator;
  /** Whose definition this is (default compose): decides the template parts, data and functions. */
  target?: ProvisionerTarget;
  /**
   * The template engine the build found for this definition (an unedited shipped defaults file,
   * see shipped-defaults.ts): the syntax of its templates is not examined again.
   */
  knownEngine?: 'go' | 'handlebars';
}

/** Throws `field <key> not found in <kind> provisioner` for the first key not in `allowed`. */
export function checkKnownKeys(raw: Record<string, unknown>, allowed: readonly string[], kind: string): void {
  const unknown = firstUnknownKey(raw, allowed);
  if (unknown !== undefined) {
    throw userError('input', `field ${unknown} not found in ${kind} provisioner`, {
      hint: `known fields: ${allowed.join(', ')}`,
    });
  }
}

/** A scalar field as text (YAML may have decoded `class: 1` as a number); undefined when absent. */
export function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw userError('input', `field ${key} must be a string, not ${Array.isArray(value) ? 'a list' : 'a map'}`, {
    hint:
      isRecord(value) || Array.isArray(value)
        ? `write a template as a block string: '${key}: |' followed by indented lines`
        : undefined,
  });
}

/** A required scalar field; throws `<key> not set` when missing or empty. */
export function requiredString(raw: Record<string, unknown>, key: string): string {
  const value = optionalString(raw, key);
  if (value === undefined || value === '') throw userError('input', `${key} not set`);
  return value;
}

/** A list of strings (e.g. `supported_params`); undefined when absent. */
export function optionalStringList(raw: Record<string, unknown>, key: string): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v === 'object' && v !== null)) {
    throw userError('input', `field ${key} must be a list of strings`);
  }
  return value.map((v) => String(v));
}

/** The fields every provisioner kind shares, ready to spread into a Provisioner. */
export function commonFields(
  raw: Record<string, unknown>,
  type: string | undefined,
): Omit<Provisioner, 'origin' | 'provision' | 'matches'> {
  const fields = {
    uri: requiredString(raw, 'uri'),
    type: type ?? requiredString(raw, 'type'),
    class: optionalString(raw, 'class'),
    id: optionalString(raw, 'id'),
    description: optionalString(raw, 'description'),
    supportedParams: optionalStringList(raw, 'supported_params'),
    expectedOutputs: optionalStringList(raw, 'expected_outputs'),
    secretOutputs: optionalStringList(raw, 'secret_outputs'),
  };
  // Drop absent optional fields so objects compare cleanly and print without `undefined`.
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Omit<
    Provisioner,
    'origin' | 'provision' | 'matches'
  >;
}
