// Overrides applied to a raw Score map before validation (`--overrides-file`, `--override-property`),
// and the path editing they share with patch templates. Everything is pure: inputs are never
// mutated, edited containers are copied along the path.
import { parseYamlValue } from '../yaml/yaml.js';
import { ScoreComposeError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { describeValue } from '../common/describe-value.js';

/** A path step: a string is a map key or an array index depending on what it meets; `{ key }` is always a map key. */
export type PathPart = string | { key: string };

/**
 * `override` is the --override-property contract (missing parents become maps, out-of-range
 * indexes fail). `patch` follows the JSON path setter patch templates were written against:
 * a missing parent followed by a number becomes a list, lists grow with nulls, deletes of
 * missing elements do nothing.
 */
export interface PathOptions {
  style?: 'override' | 'patch';
}

type Op = { kind: 'set'; value: unknown } | { kind: 'delete' };
type Style = NonNullable<PathOptions['style']>;

/**
 * Deep-merges an overrides document into a Score map: maps merge, scalars and lists replace,
 * null keeps the old value.
 */
export function applyOverridesFile(target: Record<string, unknown>, overrides: unknown): Record<string, unknown> {
  if (overrides === null || overrides === undefined) return target;
  if (!isRecord(overrides)) {
    throw new ScoreComposeError('input', `expected a map at the top level, got ${describeValue(overrides)}`);
  }
  return mergeMaps(target, overrides);
}

function mergeMaps(target: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null || value === undefined) continue;
    const current = out[key];
    out[key] = isRecord(value) && isRecord(current) ? mergeMaps(current, value) : structuredClone(value);
  }
  return out;
}

/** One parsed `--override-property path=value`; an empty value means delete. */
export interface OverrideProperty {
  path: string[];
  value: unknown;
  delete: boolean;
}

/** Parses `path=value`: split on the first `=`, path with `\.`/`\\` escapes, value as YAML. */
export function parseOverrideProperty(entry: string): OverrideProperty {
  const eq = entry.indexOf('=');
  if (eq < 0) {
    throw new ScoreComposeError(
      'input',
      `--override-property '${entry}' is invalid, expected a =-separated path and value`,
      {
        hint: 'use --override-property path.to.field=value, or path.to.field= to delete it',
      },
    );
  }
  const path = parseDotPath(entry.slice(0, eq));
  if (path.includes('')) {
    throw new ScoreComposeError(
      'input',
      `--override-property '${entry}' is invalid, the path ${eq === 0 ? 'is empty' : 'has an empty part'}`,
      { hint: 'use --override-property path.to.field=value; write \\. for a dot inside a key' },
    );
  }
  const raw = entry.slice(eq + 1);
  if (raw === '') return { path, value: undefined, delete: true };
  const value = parseYamlValue(raw, {
    source: '--override-property',
    located: false,
    documents: 'one',
    describe: (problem) => `--override-property '${entry}' is invalid, failed to unmarshal value as json: ${problem}`,
  });
  return { path, value: value ?? null, delete: false };
}

/** Applies `--override-property` entries in order, wrapping failures as the reference does. */
export function applyOverrideProperties(
  target: Record<string, unknown>,
  entries: readonly string[],
): Record<string, unknown> {
  let out = target;
  for (const entry of entries) {
    const prop = parseOverrideProperty(entry);
    try {
      out = prop.delete ? deletePath(out, prop.path) : setPath(out, prop.path, prop.value);
    } catch (err) {
      throw err instanceof ScoreComposeError ? err.wrap(`--override-property '${entry}' could not be applied`) : err;
    }
  }
  return out;
}

/** Splits an override path on `.`; `\.` is a literal dot and `\\` a literal backslash. */
export function parseDotPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    const next = path[i + 1];
    if (ch === '\\' && (next === '.' || next === '\\')) {
      current += next;
      i++;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Splits a patch-template path: `\` escapes any character, a leading `:` forces an object key (`ports.:0000`). */
export function parsePatchPath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  let current = '';
  let forced = false;
  const push = (): void => {
    parts.push(forced ? { key: current } : current);
    current = '';
    forced = false;
  };
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\' && i + 1 < path.length) current += path[++i];
    else if (ch === '.') push();
    else if (ch === ':' && current === '' && !forced) forced = true;
    else current += ch;
  }
  push();
  return parts;
}

/** Returns a copy of `root` with `value` at `path`, creating missing parents. */
export function setPath(
  root: Record<string, unknown>,
  path: readonly PathPart[],
  value: unknown,
  options: PathOptions = {},
): Record<string, unknown> {
  return editRoot(root, path, { kind: 'set', value }, options.style ?? 'override');
}

/** Returns a copy of `root` without the element at `path`; a missing parent is a no-op. */
export function deletePath(
  root: Record<string, unknown>,
  path: readonly PathPart[],
  options: PathOptions = {},
): Record<string, unknown> {
  return editRoot(root, path, { kind: 'delete' }, options.style ?? 'override');
}

function editRoot(
  root: Record<string, unknown>,
  path: readonly PathPart[],
  op: Op,
  style: Style,
): Record<string, unknown> {
  if (path.length === 0) throw new ScoreComposeError('input', 'cannot change root node');
  return editMap(root, path, op, style);
}

function editNode(node: unknown, path: readonly PathPart[], op: Op, style: Style): unknown {
  if (isRecord(node)) return editMap(node, path, op, style);
  if (Array.isArray(node)) return editArray(node, path, op, style);
  throw new ScoreComposeError('input', 'cannot set path in non-map/non-array');
}

function editMap(
  map: Record<string, unknown>,
  path: readonly PathPart[],
  op: Op,
  style: Style,
): Record<string, unknown> {
  const [part, ...rest] = path as [PathPart, ...PathPart[]];
  const key = typeof part === 'string' ? part : part.key;
  if (rest.length === 0) {
    if (op.kind === 'set') return { ...map, [key]: op.value };
    if (!Object.hasOwn(map, key)) return map;
    const { [key]: _removed, ...kept } = map;
    return kept;
  }
  let child = Object.hasOwn(map, key) ? map[key] : undefined;
  if (child === undefined || child === null) {
    if (op.kind === 'delete') return map;
    child = emptyContainerFor(rest[0] as PathPart, style);
  }
  return { ...map, [key]: within(key, () => editNode(child, rest, op, style)) };
}

function editArray(list: readonly unknown[], path: readonly PathPart[], op: Op, style: Style): unknown[] {
  const [part, ...rest] = path as [PathPart, ...PathPart[]];
  const text = typeof part === 'string' ? part : `:${part.key}`;
  const idx = typeof part === 'string' && /^[-+]?\d+$/.test(part) ? Number(part) : NaN;
  if (!Number.isSafeInteger(idx)) throw new ScoreComposeError('input', `failed to parse '${text}' as array index`);
  const out = [...list];
  const inRange = idx >= 0 && idx < out.length;
  if (op.kind === 'delete') {
    if (!inRange) {
      if (style === 'patch' || rest.length > 0) return out;
      throw new ScoreComposeError('input', `cannot remove '${idx}' in array: out of range`);
    }
    if (rest.length === 0) out.splice(idx, 1);
    else out[idx] = within(String(idx), () => editNode(out[idx], rest, op, style));
    return out;
  }
  let at = idx;
  if (idx === -1) at = out.length;
  else if (!inRange) {
    if (style !== 'patch' || idx < 0)
      throw new ScoreComposeError('input', `cannot set '${idx}' in array: out of range`);
    while (out.length < idx) out.push(null);
  }
  if (rest.length === 0) out[at] = op.value;
  else {
    const current = out[at];
    const child = current === undefined || current === null ? emptyContainerFor(rest[0] as PathPart, style) : current;
    out[at] = within(String(at), () => editNode(child, rest, op, style));
  }
  return out;
}

/** The parent created for a missing step: a list only when a patch path continues with an index. */
function emptyContainerFor(next: PathPart, style: Style): unknown {
  return style === 'patch' && typeof next === 'string' && /^(-1|\d+)$/.test(next) ? [] : {};
}

/** Runs `edit`, prefixing a user error with the key it happened under (`containers: x: ...`). */
function within<T>(key: string, edit: () => T): T {
  try {
    return edit();
  } catch (err) {
    throw err instanceof ScoreComposeError ? err.wrap(key) : err;
  }
}
