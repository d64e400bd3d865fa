// Patch templates (`init --patch-templates`): a template renders a list of set/delete operations,
// applied in order to the compose project after conversion and before `--publish`. A template is
// Handlebars or Go text/template (provisioners/template/engine-choice.ts); the Go engine is
// imported only for a Go one.
import { ScoreComposeError } from '../common/errors.js';
import { checkTemplate, renderTemplate } from '../provisioners/template/engine.js';
import { chooseTemplateEngine } from '../provisioners/template/engine-choice.js';
import { deletePath, parsePatchPath, setPath } from '../score/overrides.js';
import type { Workload } from '../score/types.js';
import type { ComposeProject } from '../compose/types.js';
import { parsePatchOperations } from './patch-operations.js';
import { isRecord } from '../common/is-record.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

/** Checks that a patch template parses in its language (what `init --patch-templates` does). */
export async function checkPatchTemplate(template: string, name: string): Promise<void> {
  if (chooseTemplateEngine(template, name).engine === 'go') {
    (await import('../provisioners/template/go-engine.js')).checkGoTemplate(template);
  } else {
    checkTemplate(template, name);
  }
}

/** Fails patch template number `index` with `message`. */
function patchFailure(index: number) {
  return (message: string, cause?: unknown, hint?: string): never => {
    throw new ScoreComposeError('input', `failed to patch template ${index}: ${message}`, {
      ...(cause === undefined ? {} : { cause }),
      ...(hint === undefined ? {} : { hint }),
      ...(cause instanceof ScoreComposeError ? { details: cause.details } : {}),
    });
  };
}

type GoEngine = typeof import('../provisioners/template/go-engine.js');

/**
 * Renders patch template `index` (Handlebars with `data`, Go with what `goData` makes of it),
 * then applies the set/delete operations it lists, in order, to `root` (a copy is changed).
 */
export async function runPatchTemplate(
  template: string,
  index: number,
  data: Record<string, unknown>,
  goData: (go: GoEngine) => { data: unknown; target?: 'compose' | 'k8s' },
  root: Record<string, unknown>,
  /** Prepended to every operation's path: where in `root` the paths start. */
  under: string[] = [],
): Promise<{ root: Record<string, unknown>; logs: string[] }> {
  const fail = patchFailure(index);
  let rendered = '';
  try {
    const name = `patch template ${index}`;
    if (chooseTemplateEngine(template, name).engine === 'go') {
      const go = await import('../provisioners/template/go-engine.js');
      const { data: typed, target } = goData(go);
      rendered = go.renderGoTemplate(template, typed, target);
    } else {
      rendered = renderTemplate(template, data, name);
    }
  } catch (err) {
    fail(messageOf(err), err, err instanceof ScoreComposeError ? err.hint : undefined);
  }
  let operations: ReturnType<typeof parsePatchOperations> = [];
  try {
    operations = parsePatchOperations(rendered);
  } catch (err) {
    fail(`failed to unmarshal patches from template execution output: ${messageOf(err)}`, err);
  }
  let current = root;
  const logs: string[] = [];
  operations.forEach((operation, i) => {
    if (operation.op !== 'set' && operation.op !== 'delete')
      fail(`unknown operation: ${operation.op}`, undefined, 'use op: set or op: delete');
    logs.push(`Applying patch to ${operation.path}${operation.description ? ` (${operation.description})` : ''}`);
    const parts = [...under, ...parsePatchPath(operation.path)];
    try {
      current =
        operation.op === 'set'
          ? setPath(current, parts, operation.value ?? null, { style: 'patch' })
          : deletePath(current, parts, { style: 'patch' });
    } catch (err) {
      fail(`failed to perform patch operation ${i}: '${operation.op} '${operation.path}': ${messageOf(err)}`, err);
    }
  });
  return { root: current, logs };
}

/** Renders patch template number `index` against the project and workloads, and applies its operations. */
export async function applyPatchTemplate(
  project: ComposeProject,
  workloads: Record<string, Workload>,
  template: string,
  index: number,
): Promise<{ project: ComposeProject; logs: string[] }> {
  // Templates get plain copies: nothing they do can reach the caller's objects.
  const data = { Compose: structuredClone(project), Workloads: structuredClone(workloads) };
  const { root, logs } = await runPatchTemplate(
    template,
    index,
    data,
    (go) => ({ data: go.goPatchData(data.Compose, data.Workloads) }),
    data.Compose as unknown as Record<string, unknown>,
  );
  const problem = checkProjectShape(root);
  if (problem !== undefined) patchFailure(index)(`failed to unmarshal patched output: ${problem}`);
  return { project: dropNullSections(root) as unknown as ComposeProject, logs };
}

const TOP_LEVEL = new Set([
  'name',
  'version',
  'include',
  'services',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'models',
]);

/**
 * A loose check of the patched project instead of a full schema: the top-level keys compose
 * knows, and every named section a map of maps (or nulls) so later steps can rely on the shape.
 */
function checkProjectShape(project: Record<string, unknown>): string | undefined {
  const unknown = firstUnknownKey(project, TOP_LEVEL, (key) => key.startsWith('x-'));
  if (unknown !== undefined) return `unknown field "${unknown}"`;
  if (!isRecord(project['services'])) return 'services must be a map of service definitions';
  for (const [name, service] of Object.entries(project['services'])) {
    if (!isRecord(service)) return `services.${name} must be a map`;
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs', 'models']) {
    const value = project[section];
    if (value === undefined || value === null) continue;
    if (!isRecord(value)) return `${section} must be a map`;
    for (const [name, entry] of Object.entries(value)) {
      if (entry !== null && !isRecord(entry)) return `${section}.${name} must be a map`;
    }
  }
  return undefined;
}

/** A section set to null by a patch means "none", which the writer expresses by leaving it out. */
function dropNullSections(project: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(project).filter(([key, value]) => value !== null || key === 'services'));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
