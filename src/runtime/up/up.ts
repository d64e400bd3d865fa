// `up`: checks → images → networks/volumes → plan → reconcile and start in dependency order
// (independent branches concurrently, starts serialised) → depends_on conditions → --wait.
// Waits use engine events. Abort stops new work and leaves what exists for a later up/down.

import { basename, resolve as resolvePath } from 'node:path';
import { WORKLOAD_NAME_ANNOTATION } from '../../compose/annotations.js';
import type { ComposeProject } from '../../compose/types.js';
import { ScoreComposeError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import { composeConfigHash } from '../identity/config-hash.js';
import { mountedContentDigest } from '../identity/mount-digest.js';
import type { ContainerRuntime } from '../engine/container-runtime.js';
import { buildContainerSpec, type SpecContext } from '../spec/container-spec.js';
import { ContainerWatcher } from './container-watch.js';
import { LABEL_ONEOFF, LABEL_PROJECT, LABEL_WORKING_DIR, projectFilter } from '../identity/labels.js';
import { checkoutOwner } from '../identity/checkout.js';
import { normaliseProjectName } from '../identity/names.js';
import { observeContainer, planConvergence, type DesiredService, type ObservedContainer } from './plan.js';
import { checkProjectConsistency, networkModeService } from './project-checks.js';
import { interpolateForRun, readProjectVariables } from '../../compose/project-env.js';
import { oneShotServices, serviceDependencies } from '../../compose/service-graph.js';
import { ensureNetworks, ensureVolumes } from './networks-volumes.js';
import { requireLocalImages, resolveImageIds, type EnsureImagesHook } from './image-step.js';
import { startServices, type StartedService } from './start.js';
import { formatDurationMs } from '../../compose/units.js';
import type { RecreatePolicy, ServiceIdentity } from './plan.js';
import type { Rebuild } from '../images/plan.js';

/** Options of {@link up}. */
export interface UpOptions {
  /** The compose project as generated (interpolation is applied here). */
  project: ComposeProject;
  /** Directory of the compose file: `.env`, relative binds and the default project name. */
  projectDir: string;
  /** Recorded in com.docker.compose.project.config_files. */
  configFiles: string[];
  /** Wait until every service is healthy / running / completed. */
  wait: boolean;
  /** Bound on starting and waiting: `application not healthy after <d>`. */
  timeoutMs?: number;
  removeOrphans?: boolean;
  /** Rebuild images of services with `build:` even when present: all (`up --rebuild`), or those named. */
  rebuild?: Rebuild;
  /** `--force-recreate` (always), `--no-recreate` (never); default: when diverged. */
  recreate?: RecreatePolicy['recreate'];
  /** Keep workload containers whose only change is mounted content (watch: already synced in place). */
  syncContent?: boolean;
  logger: Logger;
  signal?: AbortSignal;
  /**
   * The secrets the project references, by name: read after `env` and before `.env`, so a stack
   * starts before the secrets file is written (it is, with the compose file, once it is up).
   */
  secrets?: Record<string, string>;
  /** Variables for interpolation and bare environment keys (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Pull/build step; the default only checks that every image is present. */
  ensureImages?: EnsureImagesHook;
}

/** What `up` did. */
export interface UpResult {
  projectName: string;
  services: StartedService[];
  /** Orphan container names (removed when removeOrphans). */
  orphans: string[];
  /** Services kept although their mounted files changed (syncContent): the new content is already in place. */
  synced: string[];
  /** The digest of the mounted content each of `synced` now sees (its container's label still names the old one). */
  syncedContent: Record<string, string>;
}

function interrupted(): ScoreComposeError {
  return new ScoreComposeError('interrupted', 'interrupted: up was cancelled', {
    hint: 'containers created so far were left in place; run `up` again to converge or `down` to remove them',
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw interrupted();
}

/**
 * What decides "unchanged" for each service: compose's own config hash (so compose and we
 * agree), plus the digest of the files it mounts from the mounts directory (mount-digest.ts).
 */
async function serviceIdentities(
  project: ComposeProject,
  projectDir: string,
  observed: ObservedContainer[],
): Promise<Map<string, ServiceIdentity>> {
  // A service in another's network namespace is hashed with that service's current container,
  // as compose does; when the parent is replaced, the plan replaces it anyway.
  const containerOf = (service: string) =>
    observed.filter((c) => c.service === service).sort((a, b) => a.number - b.number)[0]?.id;
  const entries = await Promise.all(
    Object.entries(project.services).map(async ([name, svc]) => {
      const parent = networkModeService(svc);
      const parentId = parent === undefined ? undefined : containerOf(parent);
      const identity: ServiceIdentity = { configHash: composeConfigHash(svc, projectDir, parentId) };
      const content = await mountedContentDigest(svc, projectDir);
      if (content !== undefined) identity.mountedContent = content;
      return [name, identity] as const;
    }),
  );
  return new Map(entries);
}

function desiredServices(
  project: ComposeProject,
  imageIds: Map<string, string>,
  identities: Map<string, ServiceIdentity>,
  oneShots: Set<string>,
): DesiredService[] {
  return Object.keys(project.services).map((name) => {
    const svc = project.services[name] ?? {};
    const d: DesiredService = {
      name,
      ...(identities.get(name) as ServiceIdentity),
      oneShot: oneShots.has(name),
      workload: svc.annotations?.[WORKLOAD_NAME_ANNOTATION] !== undefined,
      dependencies: serviceDependencies(svc),
      restartWith: Object.entries(svc.depends_on ?? {})
        .filter(([, dep]) => dep.restart === true)
        .map(([dep]) => dep),
    };
    const image = imageIds.get(name);
    if (image !== undefined) d.imageId = image;
    const parent = networkModeService(svc);
    if (parent !== undefined) d.networkParent = parent;
    return d;
  });
}

async function removeContainers(
  runtime: ContainerRuntime,
  containers: ObservedContainer[],
  logger: Logger,
): Promise<void> {
  for (const c of containers) {
    await runtime.removeContainer(c.id, { force: true });
    logger.info(`Container ${c.name}  Removed`);
  }
}

/**
 * Fails when another directory using the same project name has containers: they have the very
 * names this run would create, and converging would take them over (recreate them from this
 * directory's files, or keep them running that directory's). docker compose does exactly that,
 * silently; we stop before touching anything and say how to tell the two apart.
 */
async function refuseOtherCheckout(runtime: ContainerRuntime, projectName: string, projectDir: string): Promise<void> {
  const owner = checkoutOwner(projectDir);
  const theirs = (await runtime.listContainers({ all: true, filters: { label: [projectFilter(projectName)] } })).filter(
    (c) => c.Labels[LABEL_PROJECT] === projectName && owner(c.Labels) === 'other',
  );
  if (theirs.length === 0) return;
  const dirs = [...new Set(theirs.map((c) => c.Labels[LABEL_WORKING_DIR] ?? ''))].sort();
  const names = theirs.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')).sort();
  throw new ScoreComposeError(
    'input',
    `the compose project name "${projectName}" is already used by another directory: ${dirs.join(', ')}`,
    {
      details: [`its containers: ${names.join(', ')}`],
      hint:
        `give this directory a project name of its own (score-compose init --project <name>), ` +
        `or remove the other one's stack first (score-compose down, in ${dirs[0] ?? 'that directory'})`,
    },
  );
}

/** Starts (or converges) a compose project through the Engine API. */
export async function up(runtime: ContainerRuntime, opts: UpOptions): Promise<UpResult> {
  const { logger } = opts;
  const projectDir = resolvePath(opts.projectDir);
  const lookup = readProjectVariables(projectDir, opts.env ?? process.env, opts.secrets);
  const project = interpolateForRun(opts.project, lookup, logger);
  const projectName = normaliseProjectName(project.name ?? basename(projectDir));
  if (projectName === '')
    throw new ScoreComposeError(
      'input',
      `project name "${project.name ?? basename(projectDir)}" is empty after normalisation`,
    );

  // Every check that needs no engine state runs before anything is created.
  checkProjectConsistency(project);
  const specContext = (
    identity: ServiceIdentity,
    imageId: string | undefined,
    ids: (s: string) => string | undefined,
  ): SpecContext => ({
    projectName,
    project,
    projectDir,
    configFiles: opts.configFiles,
    apiVersion: runtime.apiVersion,
    ...identity,
    ...(imageId === undefined ? {} : { imageId }),
    containerIdOf: ids,
    lookupEnv: lookup,
    ...(opts.env?.HOME === undefined ? {} : { homeDir: opts.env.HOME }),
  });
  for (const [name, svc] of Object.entries(project.services))
    buildContainerSpec(
      name,
      svc,
      specContext({ configHash: '' }, undefined, () => 'pending'),
    );
  throwIfAborted(opts.signal);
  await refuseOtherCheckout(runtime, projectName, projectDir);

  const ensure = opts.ensureImages ?? requireLocalImages;
  await ensure(runtime, project, {
    projectName,
    projectDir,
    rebuild: opts.rebuild ?? false,
    logger,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
  throwIfAborted(opts.signal);
  const imageIds = await resolveImageIds(runtime, projectName, project);
  await ensureNetworks(runtime, projectName, project, logger, projectDir);
  await ensureVolumes(runtime, projectName, project, logger, projectDir);
  throwIfAborted(opts.signal);

  const observed = (
    await runtime.listContainers({
      all: true,
      filters: { label: [projectFilter(projectName), `${LABEL_ONEOFF}=False`] },
    })
  ).map(observeContainer);
  const oneShots = oneShotServices(project);
  const identities = await serviceIdentities(project, projectDir, observed);
  const plan = planConvergence(desiredServices(project, imageIds, identities, oneShots), observed, {
    recreate: opts.recreate ?? 'diverged',
    syncContent: opts.syncContent ?? false,
  });
  if (plan.orphans.length > 0) {
    if (opts.removeOrphans === true) await removeContainers(runtime, plan.orphans, logger);
    else {
      logger.warn(
        `Found orphan containers ([${plan.orphans.map((c) => c.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
      );
    }
  }
  await removeContainers(runtime, plan.surplus, logger);

  // Subscribe before the first start, so no state change can slip between start and wait.
  const watcher = await ContainerWatcher.start(runtime, projectName);
  const run = new AbortController();
  const onAbort = (): void => run.abort(interrupted());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted === true) onAbort();
  const pending = new Set<string>(plan.order);
  const timer =
    opts.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          const waiting = [...pending].sort();
          run.abort(
            new ScoreComposeError('runtime', `application not healthy after ${formatDurationMs(opts.timeoutMs ?? 0)}`, {
              details: waiting.length === 0 ? [] : [`still waiting for: ${waiting.join(', ')}`],
            }),
          );
        }, opts.timeoutMs);
  try {
    const services = await startServices(runtime, {
      project,
      plan,
      imageIds,
      specContext,
      watcher,
      wait: opts.wait,
      logger,
      signal: run.signal,
      pending,
      abort: (reason) => run.abort(reason),
      oneShots,
      identities,
      projectDir,
    });
    const synced = Object.values(plan.actions).flatMap((a) => (a.kind === 'keep' && a.synced ? [a.service] : []));
    const syncedContent = Object.fromEntries(synced.map((s) => [s, identities.get(s)?.mountedContent ?? '']));
    return { projectName, services, orphans: plan.orphans.map((c) => c.name), synced, syncedContent };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    watcher.close();
  }
}
