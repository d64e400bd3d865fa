// `logs`: the output of a project's containers, found by label, one prefixed line at a time.
// With `follow`, containers that start later (or restart) are attached too, through engine events.

import { ScoreComposeError, userError } from '../common/errors.js';
import type { ContainerRuntime, ContainerSummary, Filters } from './engine/container-runtime.js';
import { isEngineUnreachable, isNotFound } from './engine/container-runtime.js';
import { LABEL_ONEOFF, LABEL_PROJECT, LABEL_SERVICE } from './identity/labels.js';
import { LineSplitter, logPrefix, paletteColor } from './log-prefix.js';
import { normaliseProjectName } from './identity/names.js';
import { compareNames } from '../common/order.js';

/** Where log lines go: anything with `write` (a process stream, a PassThrough, a test buffer). */
export interface LogOutput {
  write(text: string): unknown;
}

/** Options of {@link logs}. */
export interface LogsRequest {
  projectName: string;
  /** Only these services (default: all). */
  services?: string[];
  /** Keep streaming, and attach containers that start later, until `signal` aborts. */
  follow?: boolean;
  timestamps?: boolean;
  /** Lines from the end of each container's log (default: all). */
  tail?: number;
  out: LogOutput;
  /** Colour the prefixes (on a terminal). */
  color: boolean;
  signal?: AbortSignal;
}

/** Streams the project's logs to `out`; returns when every log ended, or (follow) when `signal` aborts. */
export async function logs(runtime: ContainerRuntime, req: LogsRequest): Promise<void> {
  const project = normaliseProjectName(req.projectName);
  const filters: Filters = { label: [`${LABEL_PROJECT}=${project}`, `${LABEL_ONEOFF}=False`] };
  const wanted = req.services === undefined || req.services.length === 0 ? undefined : new Set(req.services);
  const layout = new PrefixLayout(req.color, req.services ?? []);
  const attached = new Map<string, Promise<void>>();
  const running = new Set<string>();

  const attach = (c: { id: string; service: string }, since?: number): void => {
    if (running.has(c.id)) return;
    running.add(c.id);
    const done = pump(runtime, c, req, layout, since).finally(() => running.delete(c.id));
    attached.set(`${c.id}@${since ?? 0}`, done);
  };
  const select = (rows: ContainerSummary[]): { id: string; service: string }[] =>
    rows
      .map((r) => ({ id: r.Id, service: r.Labels[LABEL_SERVICE] ?? containerName(r) }))
      .filter((c) => wanted === undefined || wanted.has(c.service))
      .sort((a, b) => compareNames(a.service, b.service));

  if (req.follow !== true || req.signal === undefined) {
    const found = select(await runtime.listContainers({ all: true, filters }));
    if (wanted !== undefined) {
      const missing = [...wanted].filter((s) => !found.some((c) => c.service === s));
      if (missing.length > 0) throw userError('input', `no such service: ${missing.join(', ')}`);
    }
    layout.add(found.map((c) => c.service));
    for (const c of found) attach(c);
    await Promise.all(attached.values());
    return;
  }

  // Following ends when the caller aborts, or at the first failure (the engine stopped answering):
  // then every stream is closed, and the failure is reported once, as an error.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  req.signal.addEventListener('abort', onAbort, { once: true });
  if (req.signal.aborted) stop.abort();
  let failure: unknown;
  const fail = (err: unknown): void => {
    if (failure === undefined && !req.signal?.aborted) failure = err;
    stop.abort();
  };
  const follow = { ...req, signal: stop.signal };
  const attachFollowing = (c: { id: string; service: string }, since?: number): void => {
    if (running.has(c.id)) return;
    running.add(c.id);
    const done = pump(runtime, c, follow, layout, since)
      .catch(fail)
      .finally(() => running.delete(c.id));
    attached.set(`${c.id}@${since ?? 0}`, done);
  };
  const eventFilters: Filters = { ...filters, type: ['container'], event: ['start'] };
  // Listing after the subscription is open means a container starting in between is seen at least once.
  const listNow = (): void => {
    runtime
      .listContainers({ all: true, filters })
      .then((rows) => {
        const found = select(rows);
        layout.add(found.map((c) => c.service));
        for (const c of found) attachFollowing(c);
      })
      .catch(fail);
  };
  const watching = (async () => {
    try {
      for await (const ev of runtime.events({ filters: eventFilters, signal: stop.signal, onOpen: listNow })) {
        const service = ev.Actor.Attributes[LABEL_SERVICE];
        if (service === undefined || (wanted !== undefined && !wanted.has(service))) continue;
        layout.add([service]);
        // A restarted container: only what it wrote since this start, the rest was already shown.
        attachFollowing({ id: ev.Actor.ID, service }, ev.time);
      }
      if (!stop.signal.aborted) fail(new ScoreComposeError('engine', 'the Docker engine closed the event stream'));
    } catch (err) {
      fail(err);
    }
  })();
  await new Promise<void>((resolve) => {
    if (stop.signal.aborted) resolve();
    else stop.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  req.signal.removeEventListener('abort', onAbort);
  await Promise.allSettled([watching, ...attached.values()]);
  if (failure !== undefined) throw followFailure(failure, runtime.endpointLabel);
}

/** The first failure while following, as one clean error (exit 3 when the engine stopped answering). */
function followFailure(err: unknown, endpoint: string): ScoreComposeError {
  const detail = err instanceof Error ? err.message : String(err);
  if (isEngineUnreachable(err))
    return new ScoreComposeError(
      'engine',
      `lost the connection to the Docker engine at ${endpoint} while following the logs`,
      {
        details: [detail],
        hint: 'check that the engine is running (docker info), then run `logs -f` again',
        cause: err,
      },
    );
  return err instanceof ScoreComposeError
    ? err.wrap('stopped following the logs')
    : new ScoreComposeError('runtime', `stopped following the logs: ${detail}`, { cause: err });
}

// Copies one container's log to the output, line by line, per stream.
async function pump(
  runtime: ContainerRuntime,
  c: { id: string; service: string },
  req: LogsRequest,
  layout: PrefixLayout,
  since?: number,
): Promise<void> {
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  const emit = (lines: string[]): void => {
    for (const line of lines) req.out.write(`${layout.prefix(c.service)}${line}\n`);
  };
  const opts = {
    follow: req.follow === true,
    timestamps: req.timestamps === true,
    ...(req.tail === undefined ? {} : { tail: req.tail }),
    ...(since === undefined ? {} : { since }),
    ...(req.signal === undefined ? {} : { signal: req.signal }),
  };
  try {
    for await (const chunk of runtime.containerLogs(c.id, opts)) emit(splitters[chunk.stream].push(chunk.text));
  } catch (err) {
    // Removed between listing and attaching: it has nothing more to say.
    if (!isNotFound(err)) throw err;
  } finally {
    emit(splitters.stdout.flush());
    emit(splitters.stderr.flush());
  }
}

function containerName(row: ContainerSummary): string {
  return (row.Names[0] ?? row.Id).replace(/^\//, '');
}

// Width follows the longest service name seen; colours are handed out in sorted order per batch
// and never change once given, so a service that starts later does not repaint the others.
class PrefixLayout {
  private readonly colors = new Map<string, number>();
  private width = 0;

  constructor(
    private readonly color: boolean,
    initial: string[],
  ) {
    this.add(initial);
  }

  add(services: string[]): void {
    for (const s of [...services].sort()) {
      if (!this.colors.has(s)) this.colors.set(s, this.colors.size);
      this.width = Math.max(this.width, s.length);
    }
  }

  prefix(service: string): string {
    if (!this.color) return logPrefix(service, this.width);
    return logPrefix(service, this.width, paletteColor(this.colors.get(service) ?? 0));
  }
}
