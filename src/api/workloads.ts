// Managing what the state keeps: the stored workloads (`workloads list|remove`) and the resources no
// workload uses any more (`resources prune`). Both rewrite the project through the generate
// pipeline, so the compose file, the state and the secrets file change together or not at all.
import type { Logger } from '../common/log.js';
import { down } from '../runtime/down.js';
import { checkoutOwner } from '../runtime/identity/checkout.js';
import { loadState } from '../state/store.js';
import { listWorkloadResources, unusedResources } from '../state/transitions.js';
import { generate, type GenerateResult } from './generate.js';
import { runtimeFor } from './project.js';
import type { ContainerRuntime } from '../runtime/engine/container-runtime.js';

/** One row of `workloads list`. */
export interface WorkloadSummary {
  name: string;
  /** The Score file it was read from, as given; undefined when it came from elsewhere. */
  file?: string;
  containers: string[];
  /** The uids of its resources, sorted. */
  resources: string[];
}

/** The stored workloads, by name. */
export async function listWorkloads(projectDir: string): Promise<WorkloadSummary[]> {
  const state = await loadState(projectDir);
  const refs = listWorkloadResources(state);
  return Object.keys(state.workloads)
    .sort()
    .map((name) => {
      const stored = state.workloads[name]!;
      return {
        name,
        ...(stored.file === undefined ? {} : { file: stored.file }),
        containers: Object.keys(stored.spec.containers).sort(),
        resources: [...new Set(refs.filter((r) => r.workload === name).map((r) => r.uid))].sort(),
      };
    });
}

/** The resources in the state no stored workload uses, without changing anything. */
export async function listUnusedResources(projectDir: string): Promise<string[]> {
  return unusedResources(await loadState(projectDir));
}

/** Options shared by removing workloads and pruning. */
interface RewriteOptions {
  projectDir: string;
  /** The compose file to rewrite (default `compose.yaml`). */
  output?: string;
  env?: Record<string, string | undefined>;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * `workloads remove`: takes workloads out of the state and writes the compose file without them
 * (the other workloads' Score files are read again). Their resources stay until pruned.
 */
export async function removeWorkloads(opts: RewriteOptions & { names: string[] }): Promise<GenerateResult> {
  const result = await generate({ ...generateBase(opts), removeWorkloads: opts.names });
  for (const name of opts.names) opts.logger.info(`Removed workload '${name}'`);
  return result;
}

/** What `resources prune` did. */
export interface PruneResult {
  resources: string[];
  /** Engine objects removed with `volumes`. */
  containers: string[];
  volumes: string[];
}

/**
 * `resources prune`: removes from the state the resources no workload uses and rewrites the
 * compose file; with `volumes`, also removes this directory's containers of services the compose
 * file no longer has and the project volumes it no longer declares.
 */
export async function pruneResources(
  opts: RewriteOptions & { volumes?: boolean; runtime?: ContainerRuntime },
): Promise<PruneResult> {
  const result = await generate({ ...generateBase(opts), pruneResources: true });
  if (result.prunedResources.length === 0) opts.logger.info('No resource to prune: every resource is used');
  if (opts.volumes !== true) return { resources: result.prunedResources, containers: [], volumes: [] };
  const runtime = await runtimeFor(opts);
  const removed = await down(runtime, {
    projectName: result.state.compose_project,
    volumes: true,
    owner: checkoutOwner(opts.projectDir),
    onlyUnlisted: {
      services: new Set(Object.keys(result.project.services ?? {})),
      volumeKeys: new Set(Object.keys(result.project.volumes ?? {})),
    },
    logger: opts.logger,
  });
  return { resources: result.prunedResources, containers: removed.containers, volumes: removed.volumes };
}

function generateBase(opts: RewriteOptions) {
  return {
    projectDir: opts.projectDir,
    files: [],
    ...(opts.output === undefined ? {} : { output: opts.output }),
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    logger: opts.logger,
  };
}
