// `score-compose watch` (and `up --watch`): up once, then keep the stack in step with the files.
// Each batch of saved changes regenerates the project and converges only what changed: a
// rebuild for a build context that changed, a recreate for a changed configuration, nothing for
// new file content, which is rewritten in place and so already in the running container.
import { relative } from 'node:path';
import type { Logger } from '../common/log.js';
import { loadState } from '../state/store.js';
import {
  classifyChanges,
  savedBeforeWatched,
  watchTargets,
  workloadSignature,
  type WatchTargets,
} from '../watch/targets.js';
import { ChangeWatcher, DEFAULT_TIMING, type BatchTiming } from '../watch/watcher.js';
import { runtimeFor } from './project.js';
import { upStack, type UpStackOptions } from './up.js';
import type { UpResult } from '../runtime/up/up.js';
import { readWorkloadInputs } from './workload-inputs.js';

/** Options of {@link watchStack}: up's options, plus how to report and when to stop. */
export interface WatchOptions extends UpStackOptions {
  /** Stops watching (Ctrl-C); the stack stays up. Required: watching has no other end. */
  signal: AbortSignal;
  /** A regenerate or converge that failed; the stack keeps its last good state and watching goes on. */
  onError: (err: unknown) => void;
  /** Called after each handled batch (for tests and tools). */
  onSettled?: (result: WatchRound) => void;
  /** Debounce of bursts of saves. */
  timing?: BatchTiming;
}

/** What one batch of changes led to. */
export interface WatchRound {
  changed: string[];
  ok: boolean;
  recreated: string[];
  created: string[];
  synced: string[];
  rebuilt: string[];
  ms: number;
}

/** Runs only the logger's warnings and debug lines through: a round prints its own summary. */
function quiet(logger: Logger): Logger {
  return { debug: (m) => logger.debug(m), info: () => {}, warn: (m) => logger.warn(m) };
}

async function targetsOf(opts: UpStackOptions, project: Parameters<typeof watchTargets>[2]): Promise<WatchTargets> {
  const state = await loadState(opts.projectDir);
  const inputs = await readWorkloadInputs(opts.projectDir);
  const overrides = [
    ...(opts.overridesFile === undefined ? [] : [opts.overridesFile]),
    ...Object.values(inputs).flatMap((i) => (i.overridesFile === undefined ? [] : [i.overridesFile])),
  ];
  return watchTargets(opts.projectDir, state, project, overrides);
}

/**
 * The options of one round after the first `up`. Every Score file the state records is read
 * again, not only those named on the command line: a workload added from another terminal is
 * watched too, and its edits must count. The first `up` stored what belongs to each workload
 * (overrides, `--image`, `--build`), so those flags are not given again. `--rebuild`,
 * `--force-recreate` and `--no-recreate` were for the first `up` as well: a round rebuilds only
 * the images whose context changed, recreates only what diverged, and keeps workload containers
 * whose only change is file content (already rewritten in place).
 */
export function roundOptions(base: UpStackOptions, rebuild: readonly string[]): UpStackOptions {
  const { overridesFile: _file, overrideProperties: _props, image: _image, build: _build, ...run } = base;
  return { ...run, files: [], rebuild: rebuild.length > 0 ? rebuild : false, recreate: 'diverged', syncContent: true };
}

/**
 * The services whose new file content a round wrote in place, out of those `up` kept although
 * their content differs from what they started with: a container kept in an earlier round still
 * differs, and is not news unless its content changed again. `seen` (service → the digest last
 * reported) is updated; a service created or recreated starts afresh.
 */
export function newlySynced(
  seen: Map<string, string>,
  result: Pick<UpResult, 'synced' | 'syncedContent' | 'services'>,
): string[] {
  for (const s of result.services) if (s.action !== 'kept') seen.delete(s.service);
  const fresh = result.synced.filter((s) => seen.get(s) !== result.syncedContent[s]);
  for (const s of result.synced) seen.set(s, result.syncedContent[s] ?? '');
  return fresh;
}

/** Ups the project, then watches its inputs until `signal` aborts. */
export async function watchStack(opts: WatchOptions): Promise<void> {
  const { logger } = opts;
  const runtime = opts.runtime ?? (await runtimeFor(opts));
  const base: UpStackOptions = { ...opts, runtime };
  const first = await upStack(base);
  let targets = await targetsOf(opts, first.project);
  const shown = (path: string) => relative(opts.projectDir, path) || '.';

  const inPlace = new Map<string, string>();
  let queue = new Set<string>();
  let running: Promise<void> | undefined;
  const watcher = new ChangeWatcher((paths) => {
    for (const p of paths) queue.add(p);
    running ??= drain().finally(() => (running = undefined));
  }, opts.timing ?? DEFAULT_TIMING);

  /** True when another command changed which workloads the state holds (not our own write). */
  async function workloadsChanged(): Promise<boolean> {
    const state = await loadState(opts.projectDir).catch(() => undefined);
    return state !== undefined && workloadSignature(state) !== targets.workloads;
  }

  async function round(paths: Set<string>): Promise<void> {
    const kind = classifyChanges(targets, paths);
    const addedWorkloads = kind.stateChanged && (await workloadsChanged());
    if (!kind.regenerate && !addedWorkloads && kind.rebuild.length === 0) return;
    const changed = [...paths].filter((p) => {
      const one = classifyChanges(targets, [p]);
      return one.regenerate || one.rebuild.length > 0 || (addedWorkloads && one.stateChanged);
    });
    logger.info(`Change detected: ${changed.map(shown).sort().join(', ')}`);
    const started = Date.now();
    const summary: WatchRound = {
      changed,
      ok: false,
      recreated: [],
      created: [],
      synced: [],
      rebuilt: kind.rebuild,
      ms: 0,
    };
    try {
      const result = await upStack(roundOptions({ ...base, logger: quiet(logger) }, kind.rebuild));
      summary.ok = true;
      summary.recreated = result.services.filter((s) => s.action === 'recreated').map((s) => s.service);
      summary.created = result.services.filter((s) => s.action === 'created').map((s) => s.service);
      summary.synced = newlySynced(inPlace, result);
      summary.ms = Date.now() - started;
      for (const s of result.services) {
        if (s.action === 'recreated') logger.info(`  recreated ${s.service} (${s.reason ?? 'changed'})`);
        if (s.action === 'created') logger.info(`  created ${s.service}`);
      }
      for (const s of kind.rebuild) logger.info(`  rebuilt the image of ${s}`);
      for (const s of summary.synced) logger.info(`  ${s}: new file content in place, no restart`);
      const nothing = summary.recreated.length + summary.created.length + summary.synced.length + kind.rebuild.length;
      logger.info(`${nothing === 0 ? 'Nothing to change' : 'Done'} in ${summary.ms} ms`);
      const previous = targets;
      targets = await targetsOf(opts, result.project);
      watcher.watch(targets);
      // A file this round started watching may have been saved while the round ran: go again for it.
      for (const file of savedBeforeWatched(previous, targets, started)) queue.add(file);
    } catch (err) {
      summary.ms = Date.now() - started;
      opts.onError(err);
      logger.warn('The stack keeps running as it was; fix the problem and save again');
    }
    opts.onSettled?.(summary);
  }

  async function drain(): Promise<void> {
    while (queue.size > 0 && !opts.signal.aborted) {
      const batch = queue;
      queue = new Set();
      await round(batch);
    }
  }

  watcher.watch(targets);
  logger.info(`Watching ${watcher.size} directories for changes (Ctrl-C to stop; the stack stays up)`);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  watcher.close();
  await running;
  logger.info('Stopped watching; the stack is still up (score-compose down stops it)');
}
