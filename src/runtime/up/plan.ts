// PURE convergence: what to do with each service given the containers the engine already has.
// A container is kept unless it diverged (config hash, image, the files it mounts from the
// project's mounts directory, a recreated parent), so a second `up` with nothing changed
// yields only `keep`.

import type { ContainerSummary } from '../engine/container-runtime.js';
import {
  LABEL_CONFIG_HASH,
  LABEL_CONTAINER_NUMBER,
  LABEL_IMAGE,
  LABEL_MOUNTED_CONTENT,
  LABEL_SERVICE,
} from '../identity/labels.js';
import { dependencyOrder } from '../../compose/service-graph.js';

/** A service as the compose file wants it. */
export interface DesiredService {
  name: string;
  configHash: string;
  /** Digest of the files it mounts from the mounts directory (a change recreates it). */
  mountedContent?: string;
  /** Runs once and exits (an init job): no label on its container means "run it again". */
  oneShot?: boolean;
  /** A converted workload service: with `syncContent`, a content-only change needs no recreate. */
  workload?: boolean;
  /** Image id it should run; undefined when unknown (then the image never forces a recreate). */
  imageId?: string;
  /** Services started before it (depends_on + network parent). */
  dependencies: string[];
  /** Dependencies declared with `restart: true`: their recreation recreates this one. */
  restartWith: string[];
  /** `network_mode: service:<x>`: x. */
  networkParent?: string;
}

/** A project container, as read from its labels. */
export interface ObservedContainer {
  id: string;
  name: string;
  service: string;
  number: number;
  configHash?: string;
  mountedContent?: string;
  imageId?: string;
  state: string;
  networkMode?: string;
}

/** What decides whether a container is up to date. */
export type ServiceIdentity = Pick<DesiredService, 'configHash' | 'mountedContent'>;

/** How eagerly containers are replaced (`up --force-recreate`, `--no-recreate`, `watch`). */
export interface RecreatePolicy {
  /** `diverged` (default): when something changed; `always`: every container; `never`: only create missing ones. */
  recreate?: 'diverged' | 'always' | 'never';
  /**
   * Mounted files are rewritten in place, so a running workload container already sees new
   * content: keep it when content is all that changed (watch's sync).
   */
  syncContent?: boolean;
}

/** What happens to one service. */
export type ServiceAction =
  | { kind: 'keep'; service: string; container: ObservedContainer; synced?: true }
  | { kind: 'create'; service: string }
  | { kind: 'recreate'; service: string; container: ObservedContainer; reason: string };

/** The whole plan. */
export interface Plan {
  /** Services in dependency order (dependencies first). */
  order: string[];
  actions: Record<string, ServiceAction>;
  /** Surplus replicas of a desired service (we run exactly one): removed. */
  surplus: ObservedContainer[];
  /** Containers of services no longer in the project. */
  orphans: ObservedContainer[];
}

/** Reads our view of a container from a list row. */
export function observeContainer(c: ContainerSummary): ObservedContainer {
  const number = Number(c.Labels[LABEL_CONTAINER_NUMBER] ?? '1');
  const o: ObservedContainer = {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    service: c.Labels[LABEL_SERVICE] ?? '',
    number: Number.isFinite(number) ? number : 1,
    state: c.State,
  };
  const hash = c.Labels[LABEL_CONFIG_HASH];
  const image = c.Labels[LABEL_IMAGE];
  if (hash !== undefined) o.configHash = hash;
  const content = c.Labels[LABEL_MOUNTED_CONTENT];
  if (content !== undefined) o.mountedContent = content;
  if (image !== undefined) o.imageId = image;
  if (c.HostConfig?.NetworkMode !== undefined) o.networkMode = c.HostConfig.NetworkMode;
  return o;
}

function contentChanged(d: DesiredService, c: ObservedContainer): boolean {
  if (d.mountedContent === undefined) return false;
  // A container without our label was made by docker compose (or an older version): a long-running
  // one is taken as up to date, as compose would; a one-shot runs again.
  if (c.mountedContent === undefined) return d.oneShot === true;
  return c.mountedContent !== d.mountedContent;
}

function divergence(
  d: DesiredService,
  c: ObservedContainer,
  actions: Record<string, ServiceAction>,
  policy: RecreatePolicy,
): string | undefined {
  if (c.configHash !== d.configHash) return 'configuration changed';
  if (contentChanged(d, c) && !(policy.syncContent === true && d.workload === true)) return 'mounted files changed';
  if (d.imageId !== undefined && c.imageId !== undefined && c.imageId !== d.imageId) return 'image changed';
  for (const dep of d.restartWith) {
    if (actions[dep]?.kind === 'recreate') return `dependency "${dep}" was recreated`;
  }
  if (d.networkParent !== undefined) {
    const parent = actions[d.networkParent];
    // A container in the parent's namespace keeps a stale `container:<old id>` reference otherwise.
    if (parent === undefined || parent.kind !== 'keep') return `network parent "${d.networkParent}" is being replaced`;
    if (c.networkMode !== undefined && c.networkMode !== `container:${parent.container.id}`)
      return `network parent "${d.networkParent}" was replaced`;
  }
  return undefined;
}

/** Decides keep / create / recreate per service, and lists surplus and orphan containers. */
export function planConvergence(
  desired: DesiredService[],
  observed: ObservedContainer[],
  policy: RecreatePolicy = {},
): Plan {
  const byName = new Map(desired.map((d) => [d.name, d]));
  const order = dependencyOrder(Object.fromEntries(desired.map((d) => [d.name, d.dependencies])));
  const actions: Record<string, ServiceAction> = {};
  const surplus: ObservedContainer[] = [];
  const orphans = observed.filter((c) => !byName.has(c.service)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const name of order) {
    const d = byName.get(name) as DesiredService;
    // Keep the lowest-numbered container; any others are surplus replicas.
    const mine = observed
      .filter((c) => c.service === name)
      .sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : 1));
    const [current, ...extra] = mine;
    surplus.push(...extra);
    if (current === undefined) {
      actions[name] = { kind: 'create', service: name };
      continue;
    }
    const diverged = divergence(d, current, actions, policy);
    const reason =
      policy.recreate === 'always'
        ? (diverged ?? 'forced (--force-recreate)')
        : policy.recreate === 'never'
          ? undefined
          : diverged;
    const synced = reason === undefined && contentChanged(d, current);
    actions[name] =
      reason === undefined
        ? { kind: 'keep', service: name, container: current, ...(synced ? { synced: true as const } : {}) }
        : { kind: 'recreate', service: name, container: current, reason };
  }
  return { order, actions, surplus, orphans };
}
