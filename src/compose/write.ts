import { stringifyYaml } from '../yaml/yaml.js';
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

/** Renders a compose project as YAML, byte-for-byte stable for equal input. */
export function stringifyCompose(project: ComposeProject): string {
  return stringifyYaml(order(project, PROJECT_SHAPE));
}
