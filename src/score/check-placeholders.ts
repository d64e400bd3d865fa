// Early placeholder checks: every `${...}` in the fields that are substituted later must be well
// formed, closed, and point at `metadata` or a declared resource, so typos fail before any
// provisioning happens, at their line.
import { suggestName } from '../common/did-you-mean.js';
import { findReferences, findUnterminated, splitReference } from '../placeholders/lex.js';
import { isRecord } from '../common/is-record.js';
import type { FieldPath, Problem } from './problem.js';

const WELL_FORMED = /^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)+$/;
const FORMS = 'a placeholder is ${metadata.<key>} or ${resources.<name>.<output>}; write $${ for a literal ${';

/** The problem with one reference (message and hint), or undefined when it is acceptable. */
function checkReference(ref: string, resources: ReadonlySet<string>): Omit<Problem, 'path'> | undefined {
  if (!WELL_FORMED.test(ref)) {
    return {
      message: `placeholder \${${ref}} is malformed, must contain at least two elements separated by ".", each element must be alphanumeric or contain "_" or "-"`,
      hint: FORMS,
    };
  }
  const [first = '', second = ''] = splitReference(ref);
  if (first === 'metadata') return undefined;
  if (first === 'resources') {
    if (resources.has(second)) return undefined;
    const guess = suggestName(second, [...resources]);
    const declared =
      resources.size === 0
        ? 'the workload declares no resources'
        : `the workload's resources are: ${[...resources].sort().join(', ')}`;
    return {
      message: `placeholder \${${ref}} does not resolve to a resource, no resource with name "${second}"`,
      hint: guess === undefined ? declared : `did you mean '${guess}'? ${declared}`,
    };
  }
  const guess = suggestName(first, ['metadata', 'resources']);
  return {
    message: `placeholder \${${ref}} has unsupported first element of "${first}"`,
    hint: guess === undefined ? FORMS : `did you mean '${guess}'? ${FORMS}`,
  };
}

function checkString(text: string, path: FieldPath, resources: ReadonlySet<string>, out: Problem[]): void {
  for (const ref of findReferences(text)) {
    const problem = checkReference(ref, resources);
    if (problem !== undefined) out.push({ path, ...problem, text: `\${${ref}}` });
  }
  // The reference leaves an unclosed `${` as text, and compose then rejects the generated file.
  const open = findUnterminated(text);
  if (open !== undefined) {
    out.push({
      path,
      message: `placeholder ${open} is not closed, "}" is missing`,
      hint: `close it with "}" (${open}}), or write $${open} to keep it as text`,
      text: open,
    });
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
