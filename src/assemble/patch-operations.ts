// The output of a patch template (behaviour doc §7.5): a YAML/JSON list of
// `{op, path, value, description}`, decoded strictly so a typo is an error, not a no-op.
import { parseAllDocuments } from 'yaml';

/** One patch operation as written by a template. */
export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  description?: string;
}

const FIELDS = new Set(['op', 'path', 'value', 'description']);

/** Parses rendered template output; an empty output (or a trailing `---`) yields no operations. Throws Error with the reason. */
export function parsePatchOperations(rendered: string): PatchOperation[] {
  const text = rendered.trim();
  if (text === '') return [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  // A document that holds nothing (such as the one a trailing `---` opens) does not count.
  const used = list.filter((d) => d.errors.length > 0 || (d.toJS() ?? null) !== null);
  const first = used[0];
  if (first === undefined) return [];
  if (first.errors.length > 0) throw new Error(first.errors[0]?.message ?? 'invalid YAML');
  if (used.length > 1) throw new Error('expected one YAML document with a list of operations, found several');
  const value: unknown = first.toJS();
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`expected a list of operations, got ${describe(value)}`);
  return value.map((item, i) => decodeOperation(item, i));
}

function decodeOperation(item: unknown, index: number): PatchOperation {
  const at = `operation ${index}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`${at}: expected a map, got ${describe(item)}`);
  const map = item as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    if (!FIELDS.has(key)) throw new Error(`${at}: unknown field "${key}" (expected op, path, value, description)`);
  }
  const { op, path, description } = map;
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

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}
