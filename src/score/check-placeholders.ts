// Early placeholder checks: every `${...}` in the fields that are substituted later must be well
// formed and point at `metadata` or a declared resource, so typos fail before any provisioning
// happens.
import { findReferences, splitReference } from '../placeholders/lex.js';
import { isRecord } from '../common/is-record.js';
import type { FieldPath, Problem } from './problem.js';

const WELL_FORMED = /^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)+$/;

/** The problem with one reference, or undefined when it is acceptable. */
function checkReference(ref: string, resources: ReadonlySet<string>): string | undefined {
  if (!WELL_FORMED.test(ref)) {
    return `placeholder \${${ref}} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"`;
  }
  const [first = '', second = ''] = splitReference(ref);
  if (first === 'metadata') return undefined;
  if (first === 'resources') {
    return resources.has(second)
      ? undefined
      : `placeholder \${${ref}} does not resolve to a resource, no resource with name "${second}"`;
  }
  return `placeholder \${${ref}} has unsupported first element of "${first}"`;
}

function checkString(text: string, path: FieldPath, resources: ReadonlySet<string>, out: Problem[]): void {
  for (const ref of findReferences(text)) {
    const message = checkReference(ref, resources);
    if (message !== undefined) out.push({ path, message });
  }
}

/** Checks every string value (not key) under `root`; iterative so deep params cannot overflow the stack. */
function checkValuesDeep(root: unknown, rootPath: FieldPath, resources: ReadonlySet<string>, out: Problem[]): void {
  const stack: [unknown, FieldPath][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, FieldPath];
    if (typeof value === 'string') checkString(value, path, resources, out);
    else if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, [...path, i]]));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) stack.push([v, [...path, k]]);
  }
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

/** Placeholder problems in container variables, file content (unless noExpand), volume sources and resource params. */
export function checkPlaceholders(workload: Record<string, unknown>): Problem[] {
  const resources = new Set(entries(workload['resources']).map(([name]) => name));
  const out: Problem[] = [];
  for (const [cname, container] of entries(workload['containers'])) {
    if (!isRecord(container)) continue;
    const base = ['containers', cname];
    for (const [key, value] of entries(container['variables'])) {
      if (typeof value === 'string') checkString(value, [...base, 'variables', key], resources, out);
    }
    for (const [target, file] of entries(container['files'])) {
      if (!isRecord(file) || file['noExpand'] === true || typeof file['content'] !== 'string') continue;
      checkString(file['content'], [...base, 'files', target, 'content'], resources, out);
    }
    for (const [target, volume] of entries(container['volumes'])) {
      if (isRecord(volume) && typeof volume['source'] === 'string') {
        checkString(volume['source'], [...base, 'volumes', target, 'source'], resources, out);
      }
    }
  }
  for (const [rname, resource] of entries(workload['resources'])) {
    if (isRecord(resource) && resource['params'] !== undefined) {
      checkValuesDeep(resource['params'], ['resources', rname, 'params'], resources, out);
    }
  }
  return out;
}
