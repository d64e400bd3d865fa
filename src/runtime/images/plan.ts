// Which image each service needs and how to get it, before asking the engine anything:
// one entry per distinct image reference, so an image shared by several services is
// pulled once. As in compose, `pull_policy` defaults to `missing` (pull only when absent) and a
// build-only service's image is `<project>-<service>`.

import type { ComposeBuild, ComposeProject } from '../../compose/types.js';
import { userError } from '../../common/errors.js';
import { serviceImage } from '../identity/names.js';

/** `pull_policy` values; the periodic ones (`daily`, `weekly`, `every_<n>`) behave like `missing` here. */
export type PullPolicy = 'missing' | 'always' | 'never' | 'build';

/** Which services with `build:` to build again although their image exists: all of them, or those named. */
export type Rebuild = boolean | readonly string[];

/** One distinct image reference and what may be done to obtain it. */
export interface ImageNeed {
  ref: string;
  /** Services that run this image, in project order. */
  services: string[];
  /** The strongest pull policy among those services. */
  policy: PullPolicy;
  /** The service whose `build:` produces this image, if any. */
  builder?: { service: string; build: ComposeBuild; explicitImage: boolean };
  /** Build even when the image exists (`--build`, or `pull_policy: build`). */
  forceBuild: boolean;
}

/** Parses a `pull_policy` / `--pull` value; undefined means not set. */
export function parsePullPolicy(value: unknown, where: string): PullPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'missing' || value === 'if_not_present' || value === 'daily' || value === 'weekly') {
    return 'missing';
  }
  if (typeof value === 'string' && /^every_\w+$/.test(value)) return 'missing';
  if (value === 'always' || value === 'never' || value === 'build') return value;
  throw userError('input', `${where}: invalid pull policy ${JSON.stringify(value)}`, {
    hint: 'use one of: always, missing, never, build',
  });
}

/** Groups the project's services by image reference; fails on a service with neither image nor build. */
export function planImages(
  project: ComposeProject,
  opts: { projectName: string; rebuild?: Rebuild; pullPolicy?: PullPolicy },
): ImageNeed[] {
  const byRef = new Map<string, ImageNeed>();
  const rank: Record<PullPolicy, number> = { always: 3, missing: 2, build: 1, never: 0 };
  for (const [name, service] of Object.entries(project.services)) {
    // Provider and model services are not containers; their images are not ours to fetch.
    if (service['provider'] !== undefined) continue;
    if (service.image === undefined && service.build === undefined) {
      throw userError(
        'input',
        `service "${name}" has neither an image nor a build context specified: invalid compose project`,
      );
    }
    const ref = serviceImage(opts.projectName, name, service);
    const policy =
      opts.pullPolicy ?? parsePullPolicy(service['pull_policy'], `service "${name}" pull_policy`) ?? 'missing';
    let need = byRef.get(ref);
    if (need === undefined) {
      need = { ref, services: [], policy, forceBuild: false };
      byRef.set(ref, need);
    }
    need.services.push(name);
    if (rank[policy] > rank[need.policy]) need.policy = policy;
    if (service.build !== undefined && need.builder === undefined) {
      need.builder = { service: name, build: service.build, explicitImage: service.image !== undefined };
      const named = Array.isArray(opts.rebuild) && opts.rebuild.includes(name);
      need.forceBuild = opts.rebuild === true || named || policy === 'build';
    }
  }
  return [...byRef.values()];
}

/** Whether to pull, given the plan entry and whether the image is already present. */
export function shouldPull(need: ImageNeed, present: boolean): boolean {
  if (need.builder !== undefined && (need.forceBuild || !need.builder.explicitImage)) return false;
  if (need.policy === 'always') return true;
  return need.policy === 'missing' && !present;
}
