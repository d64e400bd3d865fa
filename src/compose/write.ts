import { isDeepStrictEqual } from 'node:util';
import { parseYamlValue, stringifyYaml } from '../yaml/yaml.js';
import { checkComposeProject } from './check.js';
import type { ComposeProject } from './types.js';
import { KEEP_EMPTY, KEEP_FALSE, PROJECT_SHAPE, type ListShape, type MapShape, type ObjectShape } from './key-order.js';

type Shape = ObjectShape | MapShape | ListShape | undefined;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

function isEmpty(v: unknown): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

// JS objects put integer-like keys first whatever the insertion order, so ordered
// output is built from Map instances, which the yaml package writes in insertion order.
function orderObject(value: Record<string, unknown>, shape: ObjectShape): Map<string, unknown> {
  const known = shape.order.filter((k) => k in value);
  const rest = Object.keys(value)
    .filter((k) => !shape.order.includes(k))
    .sort();
  const out = new Map<string, unknown>();
  for (const key of [...known, ...rest]) {
    const v = value[key];
    if (v === false && !KEEP_FALSE.has(key)) continue;
    // Struct fields are `omitempty` in compose's own writer, with a few exceptions.
    if (isEmpty(v) && !KEEP_EMPTY.has(key)) continue;
    out.set(key, order(v, shape.fields?.[key]));
  }
  return out;
}

function order(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) {
    const item = shape && 'listOf' in shape ? shape.listOf : undefined;
    return value.map((v) => order(v, item));
  }
  if (!isPlainObject(value)) return value;
  if (shape && 'order' in shape) return orderObject(value, shape);
  const inner = shape && 'mapOf' in shape ? shape.mapOf : undefined;
  const out = new Map<string, unknown>();
  for (const key of Object.keys(value).sort()) out.set(key, order(value[key], inner));
  return out;
}

// Characters docker compose's YAML reader (go-yaml) rejects when written as they are (C1 controls,
// DEL, U+FFFE/U+FFFF) or reads as line breaks and folds (U+0085, U+2028, U+2029), plus the byte
// order mark. They must reach compose as escapes in a double-quoted scalar (`"\u0085"`). The yaml
// writer escapes C0 controls itself and always double-quotes text holding a C1 control, so each
// of these characters is written as the C1 control U+0080 followed by its four hex digits, and
// the writer's output gets `\uXXXX` in their place.
const NEEDS_ESCAPE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, 'g');
const MARKED = /\x80([0-9a-f]{4})/g;

function mark(text: string): string {
  return text.replace(NEEDS_ESCAPE_ALL, (ch) => `\x80${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The ordered value with every key and string holding a character of NEEDS_ESCAPE marked; `marked` counts them. */
function markAll(value: unknown, marked: { count: number }): unknown {
  if (typeof value === 'string') {
    if (!NEEDS_ESCAPE.test(value)) return value;
    marked.count++;
    return mark(value);
  }
  if (Array.isArray(value)) return value.map((v) => markAll(v, marked));
  if (value instanceof Map) {
    const out = new Map<string, unknown>();
    for (const [k, v] of value as Map<string, unknown>) {
      if (NEEDS_ESCAPE.test(k)) marked.count++;
      out.set(NEEDS_ESCAPE.test(k) ? mark(k) : k, markAll(v, marked));
    }
    return out;
  }
  return value;
}

/** The ordered value as plain data (what reading the YAML back gives). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value as Map<string, unknown>) {
      if (v !== undefined) Object.defineProperty(out, k, { value: plain(v), enumerable: true, writable: true });
    }
    return out;
  }
  return value;
}

/**
 * Renders a compose project as YAML, byte-for-byte stable for equal input. The project is first
 * checked (compose/check.ts): a value docker compose would reject is a ScoreComposeError naming
 * it. Characters compose cannot read as written are escaped, so every value reads back unchanged.
 */
export function stringifyCompose(project: ComposeProject): string {
  checkComposeProject(project);
  const ordered = order(project, PROJECT_SHAPE);
  const marked = { count: 0 };
  const text = stringifyYaml(markAll(ordered, marked));
  if (marked.count === 0) return text;
  const escaped = text.replace(MARKED, (_, hex: string) => `\\u${hex}`);
  // The escapes are only right inside double-quoted text: read the file back to be sure.
  if (
    NEEDS_ESCAPE.test(escaped) ||
    !isDeepStrictEqual(parseYamlValue(escaped, { source: 'compose.yaml' }), plain(ordered))
  ) {
    throw new Error('compose.yaml: escaping control characters did not read back as written');
  }
  return escaped;
}
