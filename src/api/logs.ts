import { logs, type LogOutput } from '../runtime/logs.js';
import { resolveProjectName, runtimeFor, type ProjectTarget } from './project.js';

/** Options of {@link logsStack}. */
export interface LogsStackOptions extends ProjectTarget {
  /** Only these services (default: all). */
  services?: string[];
  /** Keep streaming, and attach containers that start later, until `signal` aborts. */
  follow?: boolean;
  timestamps?: boolean;
  /** Lines from the end of each container's log (default: all). */
  tail?: number;
  /** Where the prefixed lines go. */
  out: LogOutput;
  /** Colour the prefixes (for a terminal). */
  color?: boolean;
}

/** `score-compose logs`: the project's container output, one `service  | line` at a time. */
export async function logsStack(opts: LogsStackOptions): Promise<void> {
  const projectName = await resolveProjectName(opts.projectDir, opts.projectName);
  const runtime = await runtimeFor(opts);
  await logs(runtime, {
    projectName,
    ...(opts.services?.length ? { services: opts.services } : {}),
    follow: opts.follow ?? false,
    timestamps: opts.timestamps ?? false,
    ...(opts.tail === undefined ? {} : { tail: opts.tail }),
    out: opts.out,
    color: opts.color ?? false,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
