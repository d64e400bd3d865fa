// `down` from labels alone (services from the service label, order from the depends_on label):
// works with or without the compose file, and on stacks `docker compose up` started.
// Dependants stop before their dependencies. With `owner`, only this checkout's objects go
// (identity/checkout.ts): another checkout of the same project name keeps its containers, the
// networks they are attached to and the volumes they mount.

import type { Logger } from '../common/log.js';
import type { ContainerRuntime, ContainerSummary, VolumeSummary } from './engine/container-runtime.js';
import { isConflict, isNotFound, isNotModified } from './engine/container-runtime.js';
import {
  LABEL_DEPENDS_ON,
  LABEL_ONEOFF,
  LABEL_PROJECT,
  LABEL_SERVICE,
  LABEL_VOLUME,
  LABEL_WORKING_DIR,
  parseDependsOn,
  projectFilter,
} from './identity/labels.js';
import { dependencyOrder } from '../compose/service-graph.js';
import type { CheckoutOwner } from './identity/checkout.js';
import { isAnonymousVolume, normaliseProjectName } from './identity/names.js';

/** Options of {@link down}. */
export interface DownOptions {
  projectName: string;
  /** Also remove the project's named volumes (and the containers' anonymous ones). */
  volumes?: boolean;
  /** Also remove one-off (`compose run`) containers. */
  removeOrphans?: boolean;
  /** Stop timeout; default: each container's own stop timeout. */
  timeoutSec?: number;
  /**
   * Also remove images used by the removed containers, as `docker compose down --rmi`: `local`
   * only those built for the project (named `<project>-<service>`, compose's name for a `build:`
   * service without `image:`), `all` every one. An image another container still uses stays.
   */
  removeImages?: 'local' | 'all';
  /** Whose each object is; without it, everything with the project label goes (`--project-name`). */
  owner?: CheckoutOwner;
  /**
   * Remove only what the compose file no longer has (`resources prune --volumes`): containers of
   * services not in `services`, volumes (with `volumes`) whose compose key is not in `volumeKeys`;
   * networks stay.
   */
  onlyUnlisted?: { services: ReadonlySet<string>; volumeKeys: ReadonlySet<string> };
  logger: Logger;
}

/** What was removed. */
export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  /** Images removed (with `removeImages`). */
  images: string[];
  /** Containers, networks and volumes left alone because another checkout owns them. */
  kept: { workingDirs: string[]; containers: string[]; networks: string[]; volumes: string[] };
}

const nameOf = (c: ContainerSummary): string => (c.Names[0] ?? c.Id).replace(/^\//, '');

/** Removes networks or volumes one by one; one that is gone already is fine, one still in use is a warning. */
async function removeEach(
  items: { id: string; name: string }[],
  remove: (id: string) => Promise<void>,
  kind: string,
  logger: Logger,
): Promise<string[]> {
  const removed: string[] = [];
  for (const item of items) {
    try {
      await remove(item.id);
      removed.push(item.name);
      logger.info(`${kind} ${item.name}  Removed`);
    } catch (err) {
      if (isNotFound(err)) continue;
      logger.warn(`${kind} ${item.name} not removed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return removed;
}

/** Service → services it depends on, from depends_on labels and `container:<id>` network modes. */
export function dependenciesFromLabels(containers: ContainerSummary[]): Map<string, Set<string>> {
  const serviceById = new Map(containers.map((c) => [c.Id, c.Labels[LABEL_SERVICE] ?? nameOf(c)]));
  const deps = new Map<string, Set<string>>();
  for (const c of containers) {
    const service = c.Labels[LABEL_SERVICE] ?? nameOf(c);
    const set = deps.get(service) ?? new Set<string>();
    for (const d of parseDependsOn(c.Labels[LABEL_DEPENDS_ON])) set.add(d);
    const mode = c.HostConfig?.NetworkMode ?? '';
    if (mode.startsWith('container:')) {
      const target = mode.slice('container:'.length);
      const parent = serviceById.get(target) ?? [...serviceById].find(([id]) => id.startsWith(target))?.[1];
      if (parent !== undefined && parent !== service) set.add(parent);
    }
    deps.set(service, set);
  }
  return deps;
}

async function tolerate(p: Promise<void>, ok: (err: unknown) => boolean): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!ok(err)) throw err;
  }
}

async function anonymousVolumesOf(runtime: ContainerRuntime, id: string): Promise<string[]> {
  const inspected = await runtime.inspectContainer(id).catch(() => undefined);
  return (inspected?.Mounts ?? []).flatMap((m) => (m.Type === 'volume' && isAnonymousVolume(m.Name) ? [m.Name] : []));
}

async function removeServiceContainers(
  runtime: ContainerRuntime,
  list: ContainerSummary[],
  opts: DownOptions,
): Promise<void> {
  await Promise.all(
    list.map(async (c) => {
      const name = nameOf(c);
      if (c.State === 'running' || c.State === 'restarting' || c.State === 'paused') {
        opts.logger.info(`Container ${name}  Stopping`);
        await tolerate(
          runtime.stopContainer(c.Id, opts.timeoutSec === undefined ? {} : { timeoutSec: opts.timeoutSec }),
          (e) => isNotFound(e) || isNotModified(e),
        );
        opts.logger.info(`Container ${name}  Stopped`);
      }
      // Anonymous volumes carried over by a recreate are mounted by name, so `rm -v` keeps them:
      // remove them ourselves (an image VOLUME of this container, by its 64-hex name).
      const carried = opts.volumes === true ? await anonymousVolumesOf(runtime, c.Id) : [];
      await tolerate(
        runtime.removeContainer(c.Id, { force: true, volumes: opts.volumes ?? false }),
        (e) => isNotFound(e) || isConflict(e),
      );
      opts.logger.info(`Container ${name}  Removed`);
      for (const volume of carried) await tolerate(runtime.removeVolume(volume), (e) => isNotFound(e) || isConflict(e));
    }),
  );
}

/** Stops and removes a project's containers, networks and (with `volumes`) volumes; never touches another project. */
export async function down(runtime: ContainerRuntime, opts: DownOptions): Promise<DownResult> {
  const project = normaliseProjectName(opts.projectName);
  const filter = { label: [projectFilter(project)] };
  const owner = opts.owner ?? (() => 'this' as const);
  const all = (await runtime.listContainers({ all: true, filters: filter })).filter(
    // Re-check the label: a filter is a request, the label is the guarantee.
    (c) => c.Labels[LABEL_PROJECT] === project,
  );
  const others = all.filter((c) => owner(c.Labels) === 'other');
  const unlisted = opts.onlyUnlisted;
  const containers = all.filter(
    (c) =>
      owner(c.Labels) === 'this' &&
      (opts.removeOrphans === true || c.Labels[LABEL_ONEOFF] !== 'True') &&
      (unlisted === undefined || !unlisted.services.has(c.Labels[LABEL_SERVICE] ?? '')),
  );
  // What another checkout's containers use stays, whoever created it.
  const othersNetworks = new Set(others.flatMap((c) => Object.keys(c.NetworkSettings?.Networks ?? {})));
  const othersVolumes = new Set(others.flatMap((c) => (c.Mounts ?? []).flatMap((m) => (m.Name ? [m.Name] : []))));
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const s = c.Labels[LABEL_SERVICE] ?? nameOf(c);
    byService.set(s, [...(byService.get(s) ?? []), c]);
  }
  const deps = dependenciesFromLabels(containers);
  // A service goes once every service depending on it has gone. Waiting only on services later in the
  // order keeps a (corrupt) label cycle from deadlocking.
  const order = dependencyOrder(Object.fromEntries([...byService.keys()].map((s) => [s, [...(deps.get(s) ?? [])]])));
  const tasks = new Map<string, Promise<void>>();
  for (let i = order.length - 1; i >= 0; i--) {
    const service = order[i] as string;
    const later = order.slice(i + 1).filter((s) => deps.get(s)?.has(service) === true);
    const waitFor = later.map((s) => tasks.get(s)).filter((t): t is Promise<void> => t !== undefined);
    tasks.set(
      service,
      Promise.allSettled(waitFor).then(() => removeServiceContainers(runtime, byService.get(service) ?? [], opts)),
    );
  }
  const failed = (await Promise.allSettled(tasks.values())).find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failed !== undefined) throw failed.reason;

  const keptLabels = others.map((c) => c.Labels);
  // This project's networks or volumes, split into this checkout's and those another one keeps.
  const split = <T extends { Name: string; Labels: Record<string, string> }>(items: T[], usedByOthers: Set<string>) => {
    const mine: T[] = [];
    const kept: string[] = [];
    for (const x of items.filter((i) => i.Labels[LABEL_PROJECT] === project)) {
      if (owner(x.Labels) === 'this' && !usedByOthers.has(x.Name)) mine.push(x);
      else {
        kept.push(x.Name);
        keptLabels.push(x.Labels);
      }
    }
    return { mine, kept };
  };
  const ownNetworks =
    unlisted === undefined ? split(await runtime.listNetworks(filter), othersNetworks) : { mine: [], kept: [] };
  const keptNetworks = ownNetworks.kept;
  const networks = await removeEach(
    ownNetworks.mine.map((n) => ({ id: n.Id, name: n.Name })),
    (id) => runtime.removeNetwork(id),
    'Network',
    opts.logger,
  );
  const listedVolume = (v: VolumeSummary) => unlisted?.volumeKeys.has(v.Labels[LABEL_VOLUME] ?? '') === true;
  const ownVolumes =
    opts.volumes === true
      ? split(
          (await runtime.listVolumes(filter)).filter((v) => !listedVolume(v)),
          othersVolumes,
        )
      : undefined;
  const keptVolumes = ownVolumes?.kept ?? [];
  const volumes =
    ownVolumes === undefined
      ? []
      : await removeEach(
          ownVolumes.mine.map((v) => ({ id: v.Name, name: v.Name })),
          (id) => runtime.removeVolume(id),
          'Volume',
          opts.logger,
        );
  const workingDirs = [
    ...new Set(keptLabels.flatMap((l) => (owner(l) === 'other' && l[LABEL_WORKING_DIR] ? [l[LABEL_WORKING_DIR]] : []))),
  ].sort();
  const kept = {
    workingDirs,
    containers: others.map(nameOf).sort(),
    networks: keptNetworks.sort(),
    volumes: keptVolumes.sort(),
  };
  const images =
    opts.removeImages === undefined
      ? []
      : await removeEach(
          imagesToRemove(containers, project, opts.removeImages).map((ref) => ({ id: ref, name: ref })),
          (ref) => runtime.removeImage(ref),
          'Image',
          opts.logger,
        );
  if (kept.containers.length + kept.networks.length + kept.volumes.length > 0) reportKept(project, kept, opts.logger);
  else if (unlisted === undefined && containers.length === 0 && networks.length === 0 && volumes.length === 0)
    opts.logger.warn(`No resource found to remove for project "${project}".`);
  return {
    containers: containers.map(nameOf).sort(),
    networks: networks.sort(),
    volumes: volumes.sort(),
    images: images.sort(),
    kept,
  };
}

/** The images `--rmi` removes: see DownOptions.removeImages. */
export function imagesToRemove(
  containers: readonly ContainerSummary[],
  project: string,
  which: 'local' | 'all',
): string[] {
  const out = new Set<string>();
  for (const c of containers) {
    const image = c.Image;
    if (image === undefined || image === '') continue;
    const service = c.Labels[LABEL_SERVICE];
    const built = service !== undefined && image.replace(/:latest$/, '') === `${project}-${service}`;
    if (which === 'all' || built) out.add(image);
  }
  return [...out].sort();
}

/** Says what was left alone and why, with the two ways out. */
function reportKept(project: string, kept: DownResult['kept'], logger: Logger): void {
  const what = [
    kept.containers.length > 0 ? `containers ${kept.containers.join(', ')}` : '',
    kept.networks.length > 0 ? `networks ${kept.networks.join(', ')}` : '',
    kept.volumes.length > 0 ? `volumes ${kept.volumes.join(', ')}` : '',
  ].filter((x) => x !== '');
  const where = kept.workingDirs.length > 0 ? ` (${kept.workingDirs.join(', ')})` : '';
  logger.warn(
    `Left alone, as they belong to another directory using the project name "${project}"${where}: ${what.join('; ')}. ` +
      `Run down in that directory, or \`down --project-name ${project}\` to remove every directory's.`,
  );
}
