// The output of a patch template: a YAML/JSON list of `{op, path, value, description}`, decoded
// strictly so a typo is an error, not a no-op.
import { parseYamlValue } from '../yaml/yaml.js';
import { describeValue } from '../common/describe-value.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

/** One patch operation as written by a template. */
export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  description?: string;
}

const FIELDS = new Set(['op', 'path', 'value', 'description']);

/**
 * Parses rendered template output; an empty output (or a trailing `---`) yields no operations.
 * Throws Error with the reason.
 */
export function parsePatchOperations(rendered: string): PatchOperation[] {
  const text = rendered.trim();
  if (text === '') return [];
  // A document that holds nothing (such as the one a trailing `---` opens) does not count.
  const value = parseYamlValue(text, {
    source: 'patch template output',
    located: false,
    documents: 'one',
    describe: (p) => p,
  });
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error(`expected a list of operations, got ${describeValue(value)}`);
  return value.map((item, i) => decodeOperation(item, i));
}

function decodeOperation(item: unknown, index: number): PatchOperation {
  const at = `operation ${index}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new Error(`${at}: expected a map, got ${describeValue(item)}`);
  const map = item as Record<string, unknown>;
  const unknown = firstUnknownKey(map, FIELDS);
  if (unknown !== undefined)
    throw new Error(`${at}: unknown field "${unknown}" (expected op, path, value, description)`);
  const { op, description } = map;
  // `path: -1` or `path: 0` is a YAML number; the reference decodes it into its string field as written.
  const path = typeof map['path'] === 'number' && Number.isInteger(map['path']) ? String(map['path']) : map['path'];
  if (typeof op !== 'string') throw new Error(`${at}: field "op" must be a string`);
  if (typeof path !== 'string') throw new Error(`${at}: field "path" must be a string`);
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw new Error(`${at}: field "description" must be a string`);
  }
  return {
    op,
    path,
    ...(Object.hasOwn(map, 'value') ? { value: map['value'] ?? null } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}
