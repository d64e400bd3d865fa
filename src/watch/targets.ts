// What `watch` watches, worked out from the project after each `up`: the Score files the state
// records, the `files[].source` files next to them, override files, the provisioner files in the
// state directory, and the build context of every service with `build:`.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ComposeProject } from '../compose/types.js';
import { isLocalPath } from '../convert/file-content.js';
import { isIgnored, parseDockerignore, type Dockerignore } from '../runtime/images/build-context.js';
import { STATE_DIR, STATE_FILE } from '../state/store.js';
import type { State } from '../state/types.js';

/** A build context and the services built from it. */
export interface WatchedContext {
  dir: string;
  services: string[];
  ignore: Dockerignore;
}

/** Everything a change can come from. */
export interface WatchTargets {
  /** Files whose change means "generate again". */
  files: Set<string>;
  /** Directories where a new or changed `*.provisioners.yaml` means "generate again". */
  provisionerDirs: Set<string>;
  /** Build contexts: a change (not ignored by `.dockerignore`) means "rebuild these services". */
  contexts: WatchedContext[];
  /** The state file: another command (`generate other.yaml`, `init --patch-templates`) may change the project. */
  stateFile: string;
  /** The stored workloads and their files when these targets were made (see workloadSignature). */
  workloads: string;
}

/** What a batch of changed paths asks for. */
export interface ChangeKind {
  regenerate: boolean;
  /** The state file changed: regenerate if its workloads differ from `WatchTargets.workloads`. */
  stateChanged: boolean;
  /** Services whose build context changed. */
  rebuild: string[];
}

function readIgnore(dir: string): Dockerignore {
  try {
    return parseDockerignore(readFileSync(join(dir, '.dockerignore'), 'utf8'));
  } catch {
    return parseDockerignore('');
  }
}

/** The watch targets of a project after a successful `up`. */
export function watchTargets(
  projectDir: string,
  state: State,
  project: ComposeProject,
  overrideFiles: readonly string[],
): WatchTargets {
  const files = new Set<string>();
  for (const workload of Object.values(state.workloads)) {
    if (workload.file === undefined) continue;
    const scoreFile = resolve(projectDir, workload.file);
    files.add(scoreFile);
    for (const container of Object.values(workload.spec.containers)) {
      for (const file of Object.values(container.files ?? {})) {
        if (typeof file?.source === 'string' && isLocalPath(file.source))
          files.add(resolve(dirname(scoreFile), file.source));
      }
    }
  }
  for (const file of overrideFiles) files.add(resolve(projectDir, file));
  const byDir = new Map<string, string[]>();
  for (const [name, service] of Object.entries(project.services)) {
    const context = typeof service.build === 'object' && service.build !== null ? service.build.context : undefined;
    if (typeof context !== 'string' || /^[a-z]+:\/\//i.test(context)) continue;
    const dir = resolve(projectDir, context);
    byDir.set(dir, [...(byDir.get(dir) ?? []), name]);
  }
  const contexts = [...byDir].map(([dir, services]) => ({ dir, services: services.sort(), ignore: readIgnore(dir) }));
  return {
    files,
    provisionerDirs: new Set([resolve(projectDir, STATE_DIR)]),
    contexts,
    stateFile: resolve(projectDir, STATE_DIR, STATE_FILE),
    workloads: workloadSignature(state),
  };
}

/**
 * The stored workloads and their files, and the patch templates (`init --patch-templates` keeps
 * their text in the state), as one comparable string: what another command can change that
 * the next round must pick up.
 */
export function workloadSignature(state: State): string {
  const workloads = Object.entries(state.workloads)
    .map(([name, w]) => `${name}=${w.file ?? ''}`)
    .sort();
  return JSON.stringify([workloads, state.patching_templates]);
}

/** True when `path` is `dir` or below it. */
function within(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

/** Sorts a batch of changed paths into "generate again" and "rebuild these services". */
export function classifyChanges(targets: WatchTargets, paths: Iterable<string>): ChangeKind {
  let regenerate = false;
  let stateChanged = false;
  const rebuild = new Set<string>();
  for (const path of paths) {
    if (targets.files.has(path)) regenerate = true;
    if (path === targets.stateFile) stateChanged = true;
    if ([...targets.provisionerDirs].some((d) => dirname(path) === d) && path.endsWith('.provisioners.yaml')) {
      regenerate = true;
    }
    for (const context of targets.contexts) {
      if (!within(context.dir, path)) continue;
      const rel = relative(context.dir, path).split(sep).join('/');
      // A changed .dockerignore changes what is sent, so it counts even though it is often ignored.
      if (rel === '' || rel === '.dockerignore' || !isIgnored(context.ignore, rel)) {
        for (const service of context.services) rebuild.add(service);
      }
    }
  }
  return { regenerate, stateChanged, rebuild: [...rebuild].sort() };
}

/**
 * Files that joined the watch with `next` (a workload added from another terminal) and were saved
 * at or after `sinceMs`: until the round that added them ended, their directory was not watched,
 * so such a save raised no event.
 */
export function savedBeforeWatched(previous: WatchTargets, next: WatchTargets, sinceMs: number): string[] {
  return [...next.files].filter((file) => {
    if (previous.files.has(file)) return false;
    try {
      return statSync(file).mtimeMs >= sinceMs;
    } catch {
      return false;
    }
  });
}
