// After the upgrade, `containers.c.files.<target>` is a map key, but the YAML may hold a list;
// this maps paths of the upgraded workload back to paths that exist in the source document.
import { isRecord } from '../common/is-record.js';
import type { FieldPath } from './problem.js';

/** The path in the raw (pre-upgrade) workload that holds what `path` names in the upgraded one. */
export function toSourcePath(path: readonly (string | number)[], raw: Record<string, unknown>): FieldPath {
  const [root, cname, kind, target, field, ...rest] = path;
  if (root !== 'containers' || (kind !== 'files' && kind !== 'volumes') || target === undefined) return [...path];
  const containers = raw['containers'];
  const container = isRecord(containers) ? containers[String(cname)] : undefined;
  const list = isRecord(container) ? container[kind] : undefined;
  if (!Array.isArray(list)) return [...path];
  // The last item with this target is the one the upgrade kept.
  let index = -1;
  list.forEach((item, i) => {
    if (isRecord(item) && item['target'] === target) index = i;
  });
  if (index === -1) return [...path];
  const item = list[index] as Record<string, unknown>;
  let sourceField = field;
  if (kind === 'volumes' && field === 'readOnly' && !('readOnly' in item) && 'read_only' in item)
    sourceField = 'read_only';
  return [...path.slice(0, 3), index, ...(sourceField === undefined ? [] : [sourceField, ...rest])];
}
