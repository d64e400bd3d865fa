import { isDeepStrictEqual } from 'node:util';
import { templateErrorPositions } from './template/template-provisioner.js';
import type { FilePosition } from './template-position.js';
import { suggestName } from '../common/did-you-mean.js';
import { ScoreComposeError, userError, type ErrorSubject } from '../common/errors.js';
import type { ComposeNetwork, ComposeService, ComposeVolume } from '../compose/types.js';
import type { Logger } from '../common/log.js';
import { createResolver } from '../placeholders/resolve.js';
import { substituteDeep, substituteString } from '../placeholders/substitute.js';
import type { ResourceBindings, Resolver } from '../placeholders/types.js';
import type { ResourceState, State } from '../state/types.js';
import { STATE_DIR } from '../state/store.js';
import { K8S_STATE_DIR, workloadServiceNameOf } from './k8s-names.js';
import { formatUid, resourceUidOf } from '../state/resource-uid.js';
import { confineToMounts, type FileOperation } from './file-operations.js';
import { findProvisioner } from './match.js';
import { provisioningOrder } from './order.js';
import { mergeSharedState } from './shared-state.js';
import type { EnvironmentLookup, ProvisionContext, Provisioner } from './types.js';
import { workloadServicesOf } from './workload-services.js';
import { resourceSecrets, sharedSecrets } from '../secrets/collect.js';
import { registerSecrets } from '../secrets/redact.js';

/** Everything provisioning produced, applied to disk only after the whole run succeeded. */
export interface ProvisionResult {
  state: State;
  services: Record<string, ComposeService>;
  volumes: Record<string, ComposeVolume>;
  networks: Record<string, ComposeNetwork>;
  models: Record<string, unknown>;
  /** Model names each workload's services must list (from resources it owns). */
  workloadModels: Record<string, string[]>;
  fileOperations: FileOperation[];
  environment: Map<string, EnvironmentLookup>;
  /** The `secret_outputs` of each resource whose provisioner lists them, by uid. */
  secretOutputs: Map<string, string[]>;
  /** uids in provisioning order. */
  order: string[];
  /** The compose services and volumes each resource's provisioner added, by uid (for `graph`). */
  added: Map<string, { services: string[]; volumes: string[] }>;
  /** score-k8s: the Kubernetes objects each resource's provisioner made, by uid. */
  manifests: Map<string, Record<string, unknown>[]>;
}

/**
 * Adds context to a provisioner's error: the reference's message prefix, plus which definition
 * failed (its file under .score-compose/ and its entry there), since one URI may be defined in
 * several files. The template position stays in the message.
 */
function blame(err: unknown, provisioner: Provisioner, prefix: string, subject: ErrorSubject | undefined): unknown {
  if (!(err instanceof ScoreComposeError)) return err;
  const wrapped = err.wrap(prefix);
  const { file, index } = provisioner.origin;
  let at: FilePosition | undefined;
  for (let e: unknown = err; e instanceof Error && at === undefined; e = e.cause) at = templateErrorPositions.get(e);
  const dir = provisioner.origin.target === 'k8s' ? K8S_STATE_DIR : STATE_DIR;
  const shown = `${file.startsWith('(') ? file : `${dir}/${file}`}${at === undefined ? '' : `:${at.line}:${at.col}`}`;
  const where = `provisioner ${provisioner.uri}: entry ${index} of ${shown}`;
  return new ScoreComposeError(wrapped.code, wrapped.message, {
    ...(wrapped.hint === undefined ? {} : { hint: wrapped.hint }),
    ...(subject === undefined ? {} : { subject }),
    details: [...wrapped.details, where],
    cause: err,
  });
}

/** Adds context to a user error, and what in which workload it is about when it does not say yet. */
function wrapAbout(err: unknown, prefix: string, subject: ErrorSubject | undefined): unknown {
  if (!(err instanceof ScoreComposeError)) return err;
  const wrapped = err.wrap(prefix);
  if (subject === undefined || wrapped.subject !== undefined) return wrapped;
  return new ScoreComposeError(wrapped.code, wrapped.message, {
    ...(wrapped.hint === undefined ? {} : { hint: wrapped.hint }),
    ...(wrapped.location === undefined ? {} : { location: wrapped.location }),
    subject,
    details: wrapped.details,
    cause: err,
  });
}

/**
 * The field `path` of resource `uid` in the workload the state provisions it for
 * (`['resources', <name>, ...path]`); undefined when that workload does not declare it.
 */
function resourceSubject(state: State, uid: string, path: readonly (string | number)[] = []): ErrorSubject | undefined {
  const workload = state.resources[uid]?.source_workload;
  const resources = workload === undefined ? undefined : state.workloads[workload]?.spec.resources;
  for (const [name, spec] of Object.entries(resources ?? {})) {
    if (formatUid(resourceUidOf(workload!, name, spec)) === uid) {
      return { workload: workload!, path: ['resources', name, ...path] };
    }
  }
  return undefined;
}

/** The first string in `params` (in substituteDeep's order) that does not substitute: its path in params. */
function failingParam(
  value: unknown,
  resolve: Resolver,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string') {
    try {
      substituteString(value, resolve, 'unescape');
      return undefined;
    } catch {
      return path;
    }
  }
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const found = failingParam(item, resolve, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The error for a resource no provisioner serves, pointing at what to change: a type close to a
 * served one (`postgress`: did you mean `postgres`?), or the class or id when the type is served
 * for other classes or ids only.
 */
function unsupported(
  uid: string,
  resource: ResourceState,
  provisioners: readonly Provisioner[],
  state: State,
  tool: string,
) {
  const add = `add a provisioner for type '${resource.type}' with "${tool} init --provisioners <file>" (see "${tool} provisioners list")`;
  const sameType = provisioners.filter((p) => p.type === resource.type);
  const listed = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => v !== undefined))]
      .sort()
      .map((v) => `'${v}'`)
      .join(', ');
  let hint = add;
  let field = 'type';
  if (sameType.length > 0) {
    const classMatches = sameType.some((p) => p.class === undefined || p.class === resource.class);
    field = classMatches ? 'id' : 'class';
    const served = listed(sameType.map((p) => (classMatches ? p.id : p.class)));
    if (served !== '') hint = `the provisioners for type '${resource.type}' serve ${field} ${served} only; ${add}`;
  } else {
    const guess = suggestName(resource.type, [...new Set(provisioners.map((p) => p.type))].sort());
    if (guess !== undefined) hint = `did you mean '${guess}'? ${add}`;
  }
  const subject = resourceSubject(state, uid, [field]);
  return userError('provision', `failed to provision: resource '${uid}' is not supported by any provisioner`, {
    hint,
    ...(subject === undefined ? {} : { subject }),
  });
}

/** Resolves a workload's `${resources.<name>...}` against the outputs provisioned so far. */
export function bindingsFor(
  state: State,
  workload: string,
  environment: Map<string, EnvironmentLookup>,
): ResourceBindings {
  const resources = state.workloads[workload]?.spec.resources ?? {};
  return (name) => {
    const spec = resources[name];
    if (!spec) return undefined;
    const uid = formatUid(resourceUidOf(workload, name, spec));
    const env = environment.get(uid);
    return { uid, outputs: state.resources[uid]?.outputs ?? {}, ...(env ? { env } : {}) };
  };
}

/** Passes before giving up on shared state that keeps changing (a provisioner that is not idempotent). */
const MAX_PASSES = 3;

/**
 * Provisions every resource of the current workloads (see provisionPass). Shared state can make
 * an earlier resource depend on a later one (the dns `url` uses the port the route provisioner
 * puts in shared state), so when a pass changes the shared state the resources are provisioned
 * again with it, until it settles: outputs agree within one run. Provisioners are idempotent
 * (their randomness is kept in state), so an unchanged project takes one pass; log lines are
 * those of the last pass.
 */
export async function provisionResources(
  initial: State,
  provisioners: Provisioner[],
  context: ProvisionContext,
  logger: Logger,
): Promise<ProvisionResult> {
  let state = initial;
  for (let pass = 1; ; pass++) {
    const lines: [keyof Logger, string][] = [];
    const buffered: Logger = {
      debug: (m) => lines.push(['debug', m]),
      info: (m) => lines.push(['info', m]),
      warn: (m) => lines.push(['warn', m]),
    };
    const result = await provisionPass(state, provisioners, { ...context, logger: buffered }, buffered);
    const settled = isDeepStrictEqual(result.state.shared_state, state.shared_state);
    if (settled || pass === MAX_PASSES) {
      for (const [level, message] of lines) logger[level](message);
      if (!settled)
        logger.warn(`shared state still changed after ${MAX_PASSES} provisioning passes; some outputs may lag one run`);
      return result;
    }
    state = result.state;
  }
}

/**
 * One pass over every resource of the current workloads in dependency order (a resource whose
 * params use another resource's outputs comes after it): pick the provisioner, substitute
 * params in the source workload's context, run it, and fold its outputs, state and shared
 * state back into the state value.
 */
async function provisionPass(
  initial: State,
  provisioners: Provisioner[],
  context: ProvisionContext,
  logger: Logger,
): Promise<ProvisionResult> {
  // The resources map is copied once and updated in place: copying it per resource made
  // provisioning quadratic in the number of resources.
  const resources = { ...initial.resources };
  let state: State = { ...initial, resources };
  const result: Omit<ProvisionResult, 'state' | 'order'> = {
    services: {},
    volumes: {},
    networks: {},
    models: {},
    workloadModels: {},
    fileOperations: [],
    environment: new Map(),
    secretOutputs: new Map(),
    added: new Map(),
    manifests: new Map(),
  };
  let order: string[];
  try {
    order = provisioningOrder(state);
  } catch (err) {
    // As the reference words it: `failed to provision: failed to determine sort order ...`.
    throw wrapAbout(err, 'failed to provision', undefined);
  }
  const k8s = context.target === 'k8s';
  const workloadServices = workloadServicesOf(state, k8s ? workloadServiceNameOf : undefined);
  for (const uid of order) {
    const resource = state.resources[uid]!;
    const provisioner = findProvisioner(provisioners, resource);
    if (!provisioner) throw unsupported(uid, resource, provisioners, state, k8s ? 'score-k8s' : 'score-compose');
    // Looked up only for an error: it scans the workload's resources, and doing that for every
    // resource made provisioning quadratic in the number of resources of one workload.
    const subject = () => resourceSubject(state, uid);
    if (resource.provisioner && resource.provisioner !== provisioner.uri) {
      const about = subject();
      throw userError(
        'provision',
        `failed to provision: resource '${uid}' was previously provisioned by a different provider - undefined behavior`,
        {
          hint: `it was provisioned by '${resource.provisioner}' and now matches '${provisioner.uri}'`,
          ...(about === undefined ? {} : { subject: about }),
        },
      );
    }
    const source = state.workloads[resource.source_workload]!.spec;
    let params: Record<string, unknown> | undefined;
    if (Object.keys(resource.params).length > 0) {
      const resolve = createResolver({
        metadata: source.metadata,
        resources: bindingsFor(state, resource.source_workload, result.environment),
        env: 'immediate',
      });
      try {
        params = substituteDeep(resource.params, resolve) as Record<string, unknown>;
      } catch (err) {
        const at = failingParam(resource.params, resolve) ?? [];
        throw wrapAbout(
          err,
          `failed to provision: failed to substitute params for resource '${uid}'`,
          resourceSubject(state, uid, ['params', ...at]),
        );
      }
    }
    let output;
    try {
      output = await provisioner.provision(
        {
          uid,
          type: resource.type,
          class: resource.class,
          id: resource.id,
          guid: resource.guid,
          params,
          metadata: resource.metadata,
          sourceWorkload: resource.source_workload,
          workloadServices,
          state: resource.state,
          shared: state.shared_state,
          composeProjectName: state.compose_project,
          mountsDirectory: state.mounts_directory,
          ...(k8s ? { namespace: context.namespace ?? '', workloadMetadata: source.metadata } : {}),
        },
        context,
      );
    } catch (err) {
      throw blame(err, provisioner, `failed to provision: resource '${uid}': failed to provision`, subject());
    }
    try {
      for (const [path, create] of Object.entries(output.directories ?? {})) {
        result.fileOperations.push({
          kind: create ? 'mkdir' : 'rmdir',
          path: confineToMounts(state.mounts_directory, path),
        });
      }
      for (const [path, content] of Object.entries(output.files ?? {})) {
        const target = confineToMounts(state.mounts_directory, path);
        if (content === null || content === undefined) result.fileOperations.push({ kind: 'rm', path: target });
        else result.fileOperations.push({ kind: 'write', path: target, content: String(content) });
      }
    } catch (err) {
      throw blame(err, provisioner, `failed to provision: resource '${uid}': failed to apply outputs`, subject());
    }
    if (output.manifests !== undefined) result.manifests.set(uid, output.manifests);
    Object.assign(result.services, output.services);
    result.added.set(uid, {
      services: Object.keys(output.services ?? {}),
      volumes: Object.keys(output.volumes ?? {}),
    });
    Object.assign(result.volumes, output.volumes);
    Object.assign(result.networks, output.networks);
    if (output.models && Object.keys(output.models).length > 0) {
      Object.assign(result.models, output.models);
      const names = new Set([
        ...(result.workloadModels[resource.source_workload] ?? []),
        ...Object.keys(output.models),
      ]);
      result.workloadModels[resource.source_workload] = [...names].sort();
    }
    if (output.environmentLookup) result.environment.set(uid, output.environmentLookup);
    if (provisioner.secretOutputs) result.secretOutputs.set(uid, provisioner.secretOutputs);
    // Masked from here on, in this resource's info logs first of all.
    registerSecrets([
      ...resourceSecrets(uid, output.outputs ?? {}, output.state ?? {}, provisioner.secretOutputs),
      ...sharedSecrets(output.shared ?? {}),
    ]);
    for (const line of output.infoLogs ?? []) logger.info(`${uid}: ${line}`);
    const { outputs: _old, ...rest } = resource;
    const outputs = output.outputs ?? {};
    resources[uid] = {
      ...rest,
      provisioner: provisioner.uri,
      state: output.state ?? {},
      ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
    };
    if (output.shared) state = { ...state, shared_state: mergeSharedState(state.shared_state, output.shared) };
  }
  return { ...result, state, order };
}
