// `ps`: the project's service containers, found by the labels compose selects on (project,
// config-hash present, oneoff=False), so stacks started by `docker compose` show up too.

import type { ContainerInspect, ContainerRuntime, ContainerSummary, Filters } from './engine/container-runtime.js';
import { isNotFound } from './engine/container-runtime.js';
import { LABEL_CONFIG_HASH, LABEL_ONEOFF, LABEL_PROJECT, LABEL_SERVICE } from './identity/labels.js';
import { normaliseProjectName } from './identity/names.js';
import { compareNames } from '../common/order.js';

export { formatPsTable } from './ps-table.js';
export { formatPsJson } from './ps-json.js';

/** A published or exposed port of a container. */
export interface PortStatus {
  /** Empty when the port is only exposed. */
  hostIp: string;
  /** 0 when the port is only exposed. */
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** One container of the project, as `ps` reports it. */
export interface ServiceStatus {
  service: string;
  /** Container name, without the leading `/`. */
  container: string;
  /** Full container id. */
  id: string;
  project: string;
  /** The engine's own words: `Up 4 seconds (healthy)`, `Exited (0) 2 minutes ago`. */
  status: string;
  /** When the container was created (ISO 8601). */
  created: string;
  /** The command line, as `docker ps` shows it. */
  command: string;
  labels: Record<string, string>;
  /** Networks the container is attached to. */
  networks: string[];
  /** Mounted volume names and bind sources. */
  mounts: { type: string; source: string; local: boolean }[];
  /** created | running | paused | restarting | removing | exited | dead */
  state: string;
  /** starting | healthy | unhealthy, or empty without a healthcheck. */
  health: string;
  exitCode: number;
  ports: PortStatus[];
  /** The image reference the container was created from. */
  image: string;
}

/** Options of {@link ps}. */
export interface PsOptions {
  projectName: string;
  /** Include stopped containers (`ps -a`). */
  all?: boolean;
  /** Only these services. */
  services?: string[];
}

/** Lists the project's containers with health, exit code and ports, sorted by service then name. */
export async function ps(runtime: ContainerRuntime, opts: PsOptions): Promise<ServiceStatus[]> {
  const labels = [
    `${LABEL_PROJECT}=${normaliseProjectName(opts.projectName)}`,
    LABEL_CONFIG_HASH,
    `${LABEL_ONEOFF}=False`,
  ];
  if (opts.services?.length === 1) labels.push(`${LABEL_SERVICE}=${opts.services[0] ?? ''}`);
  const filters: Filters = { label: labels };
  const rows = await runtime.listContainers({ all: opts.all === true, filters });
  const wanted = opts.services === undefined || opts.services.length === 0 ? undefined : new Set(opts.services);
  const picked = rows.filter((r) => wanted === undefined || wanted.has(r.Labels[LABEL_SERVICE] ?? ''));
  const inspected = await Promise.all(
    picked.map((r) =>
      runtime.inspectContainer(r.Id).catch((err: unknown) => {
        // Removed between list and inspect (a concurrent down): not part of the answer.
        if (isNotFound(err)) return undefined;
        throw err;
      }),
    ),
  );
  return inspected
    .flatMap((c, i) => (c === undefined ? [] : [toStatus(c, picked[i])]))
    .sort((a, b) => compareNames(a.service, b.service) || compareNames(a.container, b.container));
}

/** The status row of one inspected container (and its list row, which has the engine's status words). */
export function toStatus(c: ContainerInspect, row?: ContainerSummary): ServiceStatus {
  const health = c.State.Health?.Status;
  return {
    service: c.Config.Labels[LABEL_SERVICE] ?? '',
    container: c.Name.replace(/^\//, ''),
    id: c.Id,
    project: c.Config.Labels[LABEL_PROJECT] ?? '',
    status: row?.Status ?? c.State.Status,
    created: c.Created,
    command: row?.Command ?? '',
    labels: { ...c.Config.Labels },
    networks: Object.keys(c.NetworkSettings.Networks ?? {}).sort(),
    mounts: (c.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Type === 'volume' ? (m.Name ?? m.Source) : m.Source,
      local: m.Type === 'volume' && (m.Driver ?? 'local') === 'local',
    })),
    state: c.State.Status,
    health: health === undefined || health === 'none' ? '' : health,
    exitCode: c.State.ExitCode,
    ports: portsOf(c.NetworkSettings.Ports ?? {}),
    image: c.Config.Image,
  };
}

function portsOf(ports: Record<string, { HostIp: string; HostPort: string }[] | null>): PortStatus[] {
  const out: PortStatus[] = [];
  for (const [key, bindings] of Object.entries(ports)) {
    const [port = '0', protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (bindings === null || bindings.length === 0) {
      out.push({ hostIp: '', hostPort: 0, containerPort, protocol });
      continue;
    }
    for (const b of bindings)
      out.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort) || 0, containerPort, protocol });
  }
  return out.sort(
    (a, b) =>
      a.containerPort - b.containerPort || compareNames(a.protocol, b.protocol) || compareNames(a.hostIp, b.hostIp),
  );
}
