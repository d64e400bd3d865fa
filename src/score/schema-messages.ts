// Turns raw JSON Schema validator errors (ajv's shape, verbose mode) into readable problems:
// one message per offending field, with oneOf/anyOf branch noise collapsed and a type error
// standing in for everything else reported at the same place.
import { closestMatch } from '../common/did-you-mean.js';
import { sortProblems } from './problem.js';
import { isRecord } from '../common/is-record.js';
import type { FieldPath, Problem } from './problem.js';
import { describeValue, quoteText } from '../common/describe-value.js';

/** The parts of a validator error we read (ajv's ErrorObject with `verbose: true`). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
  parentSchema?: unknown;
  data?: unknown;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a map',
  array: 'a list',
  null: 'null',
};

/** A user value quoted for a one-line message: shortened, with line breaks and other controls escaped. */

function quoteList(items: readonly unknown[], last = 'or'): string {
  const quoted = items.map((i) => `'${String(i)}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ${last} ${quoted.at(-1) ?? ''}`;
}

/** Decodes a JSON pointer into a path, typing list indices as numbers by walking `root`. */
function toFieldPath(pointer: string, root: unknown): FieldPath {
  if (pointer === '') return [];
  const path: FieldPath = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return path;
}

function schemaOf(e: SchemaError): Record<string, unknown> {
  return isRecord(e.parentSchema) ? e.parentSchema : {};
}

function customMessage(e: SchemaError): string | undefined {
  const m = schemaOf(e)['x-message'];
  return typeof m === 'string' ? m : undefined;
}

/** A summary for a failed oneOf/anyOf whose branches each require one field. */
function alternativesMessage(e: SchemaError): string {
  const branches = schemaOf(e)[e.keyword];
  const keys = Array.isArray(branches)
    ? branches.map((b) =>
        isRecord(b) && Array.isArray(b['required']) && b['required'].length === 1 ? b['required'][0] : undefined,
      )
    : [];
  if (keys.length === 0 || keys.some((k) => k === undefined)) return 'does not match any of the allowed forms';
  if (e.keyword === 'oneOf' && Array.isArray(e.params['passingSchemas'])) {
    const present = isRecord(e.data) ? keys.filter((k) => Object.hasOwn(e.data as object, String(k))) : [];
    return `must set only one of ${quoteList(keys)}, found ${quoteList(present, 'and')}`;
  }
  return `must set one of ${quoteList(keys)}`;
}

function limitMessage(e: SchemaError): string {
  const limit = Number(e.params['limit']);
  const schema = schemaOf(e);
  switch (e.keyword) {
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minProperties':
      return `must have at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
    default: {
      const min = schema['minimum'];
      const max = schema['maximum'];
      if (typeof min === 'number' && typeof max === 'number')
        return `must be between ${min} and ${max}, got ${String(e.data)}`;
      return e.keyword === 'minimum' ? `must be at least ${limit}` : `must be at most ${limit}`;
    }
  }
}

/** The problem for one error that survived the collapsing rules; `isName` when a map key is at fault. */
function toProblem(e: SchemaError, path: FieldPath, isName: boolean): Problem {
  switch (e.keyword) {
    case 'type': {
      const want = String(e.params['type'])
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      return { path, message: `must be ${want}, got ${describeValue(e.data)}` };
    }
    case 'required':
      return { path, message: `missing required field '${String(e.params['missingProperty'])}'` };
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const props = schemaOf(e)['properties'];
      const known = isRecord(props) ? Object.keys(props) : [];
      const guess = closestMatch(key, known);
      const hint = guess
        ? `did you mean '${guess}'?`
        : known.length > 0
          ? `allowed fields here: ${known.join(', ')}`
          : undefined;
      return {
        path: [...path, key],
        message: `unknown field ${quoteText(key)}`,
        atKey: true,
        ...(hint ? { hint } : {}),
      };
    }
    case 'enum': {
      const allowed = Array.isArray(e.params['allowedValues']) ? e.params['allowedValues'] : [];
      const got = typeof e.data === 'string' ? quoteText(e.data) : describeValue(e.data);
      const guess = typeof e.data === 'string' ? closestMatch(e.data, allowed.map(String)) : undefined;
      return {
        path,
        message: `must be one of ${quoteList(allowed)}, got ${got}`,
        ...(guess ? { hint: `did you mean '${guess}'?` } : {}),
      };
    }
    case 'const':
      return {
        path,
        message: `must be '${String(e.params['allowedValue'])}'${typeof e.data === 'string' ? `, got ${quoteText(e.data)}` : ''}`,
      };
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'minProperties': {
      const reason =
        customMessage(e) ??
        (e.keyword === 'pattern' ? `must match the pattern ${String(e.params['pattern'])}` : limitMessage(e));
      if (isName) return { path, message: `invalid name ${quoteText(String(path.at(-1)))}: ${reason}`, atKey: true };
      const got = typeof e.data === 'string' && e.data !== '' ? `, got ${quoteText(e.data)}` : '';
      return { path, message: `${reason}${got}` };
    }
    case 'minimum':
    case 'maximum':
      return { path, message: limitMessage(e) };
    case 'oneOf':
    case 'anyOf':
      return { path, message: alternativesMessage(e) };
    default:
      return { path, message: e.message ?? `fails the '${e.keyword}' check` };
  }
}

/** Converts validator errors for `root` into sorted, de-duplicated problems. */
export function problemsFromSchemaErrors(errors: readonly SchemaError[], root: unknown): Problem[] {
  // Name checks (propertyNames) report on the map; re-home them to the offending key.
  const located = errors
    .filter(
      (e) =>
        !(e.keyword === 'propertyNames' && errors.some((o) => o.propertyName === e.params['propertyName'] && o !== e)),
    )
    .map((e) => {
      const path = toFieldPath(e.instancePath, root);
      const name = e.propertyName ?? (e.keyword === 'propertyNames' ? String(e.params['propertyName']) : undefined);
      return { e, path: name === undefined ? path : [...path, name], isName: name !== undefined };
    });
  // Branch errors of a failed oneOf/anyOf are noise next to the summary.
  const alternatives = located.filter(({ e }) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const typed = new Set(
    located.filter(({ e, isName }) => e.keyword === 'type' && !isName).map(({ e }) => e.instancePath),
  );
  const kept = located.filter(({ e, isName }) => {
    if (alternatives.some((a) => a.e !== e && e.schemaPath.startsWith(`${a.e.schemaPath}/`))) return false;
    // A value of the wrong type makes every other complaint about it moot.
    return isName || e.keyword === 'type' || !typed.has(e.instancePath);
  });
  return sortProblems(kept.map(({ e, path, isName }) => toProblem(e, path, isName)));
}
