import { findHostPort, type HostPort, type PortQuery } from '../runtime/port.js';
import { ps, type ServiceStatus } from '../runtime/ps.js';
import { resolveProjectName, runtimeFor, type ProjectTarget } from './project.js';

/** Options of {@link psStack}. */
export interface PsStackOptions extends ProjectTarget {
  /** Include stopped containers. */
  all?: boolean;
  /** Only these services. */
  services?: string[];
}

/** `score-compose ps`: the project's containers with state, health and ports. */
export async function psStack(opts: PsStackOptions): Promise<ServiceStatus[]> {
  const projectName = await resolveProjectName(opts.projectDir, opts.projectName);
  const runtime = await runtimeFor(opts);
  return ps(runtime, {
    projectName,
    all: opts.all ?? false,
    ...(opts.services?.length ? { services: opts.services } : {}),
  });
}

/** Options of {@link portStack}. */
export interface PortStackOptions extends ProjectTarget, PortQuery {}

/** `score-compose port <service> <private port>`: where the host reaches that port. */
export async function portStack(opts: PortStackOptions): Promise<HostPort> {
  const rows = await psStack({ ...opts, all: false, services: [opts.service] });
  return findHostPort(rows, opts);
}
