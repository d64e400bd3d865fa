// Backwards-compatible upgrade of deprecated Score forms, applied before schema validation:
// container `files` and `volumes` written as lists (each item carrying its `target`) become
// maps keyed by target. Pure: the input is never modified; changed branches are copied.
import { ScoreComposeError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import type { FieldPath } from './problem.js';

/** The upgraded workload and one human-readable line per change made. */
export interface UpgradeResult {
  value: Record<string, unknown>;
  changes: string[];
}

/** Either the upgrade, or why it failed and at which path of the raw workload. */
export type UpgradeOutcome = ({ ok: true } & UpgradeResult) | { ok: false; error: ScoreComposeError; path: FieldPath };

type Kind = 'files' | 'volumes';

/** Plain assignment would treat a key named `__proto__` as the prototype; user keys must stay data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

class UpgradeFailure {
  constructor(readonly path: FieldPath) {}
}

function upgradeItem(
  kind: Kind,
  container: string,
  index: number,
  item: unknown,
  changes: string[],
): [string, Record<string, unknown>] {
  if (!isRecord(item) || typeof item['target'] !== 'string') {
    throw new UpgradeFailure(['containers', container, kind, index, 'target']);
  }
  const { target, ...rest } = item;
  const content = rest['content'];
  // Only lists of scalars are joined; anything else is left for the schema to report.
  if (kind === 'files' && Array.isArray(content) && content.every(isScalar)) {
    rest['content'] = content.map((line) => String(line)).join('\n');
    changes.push(`containers.${container}.files.${index}.content: converted from array`);
  }
  if (kind === 'volumes' && 'read_only' in rest) {
    const { read_only: readOnly, ...others } = rest;
    changes.push(`containers.${container}.volumes.${index}.read_only: migrated to readOnly`);
    return [target as string, { readOnly, ...others }]; // an explicit readOnly wins
  }
  return [target as string, rest];
}

function upgradeList(kind: Kind, container: string, list: unknown[], changes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  list.forEach((item, index) => {
    const [target, value] = upgradeItem(kind, container, index, item, changes);
    setOwn(out, target, value); // a repeated target replaces the earlier item, as a map key would
  });
  changes.push(`containers.${container}.${kind}: migrated to object`);
  return out;
}

function upgradeContainer(
  name: string,
  container: Record<string, unknown>,
  changes: string[],
): Record<string, unknown> | undefined {
  let copy: Record<string, unknown> | undefined;
  for (const kind of ['files', 'volumes'] as const) {
    const list = container[kind];
    if (!Array.isArray(list)) continue;
    copy ??= { ...container };
    copy[kind] = upgradeList(kind, name, list, changes);
  }
  return copy;
}

/** Upgrades deprecated forms, reporting a failure as a value (with the raw path) instead of throwing. */
export function tryUpgradeWorkload(raw: Record<string, unknown>): UpgradeOutcome {
  const changes: string[] = [];
  const containers = raw['containers'];
  if (!isRecord(containers)) return { ok: true, value: raw, changes };
  let upgraded: Record<string, unknown> | undefined;
  try {
    for (const [name, container] of Object.entries(containers)) {
      if (!isRecord(container)) continue;
      const copy = upgradeContainer(name, container, changes);
      if (copy === undefined) continue;
      upgraded ??= { ...containers };
      setOwn(upgraded, name, copy);
    }
  } catch (err) {
    if (!(err instanceof UpgradeFailure)) throw err;
    const [, container, kind, index] = err.path;
    const message = `failed to upgrade spec: containers.${container}.${kind}.${index}.target: is missing or is not a string`;
    return { ok: false, error: new ScoreComposeError('input', message), path: err.path };
  }
  return { ok: true, value: upgraded ? { ...raw, containers: upgraded } : raw, changes };
}

/** Upgrades deprecated list forms of `files` and `volumes` to maps keyed by target. */
export function upgradeWorkload(raw: Record<string, unknown>): UpgradeResult {
  const outcome = tryUpgradeWorkload(raw);
  if (!outcome.ok) throw outcome.error;
  return { value: outcome.value, changes: outcome.changes };
}
