// `port`: where the host reaches a service's private port, from what `ps` reports.
import { ScoreComposeError } from '../common/errors.js';
import { LABEL_CONTAINER_NUMBER } from './identity/labels.js';
import type { ServiceStatus } from './ps.js';

/** What `port` asks for. */
export interface PortQuery {
  service: string;
  privatePort: number;
  /** Default `tcp`. */
  protocol?: string;
  /** Which container of the service, from 1 (default 1), as compose's `--index`. */
  index?: number;
}

/** The host address of a published port: `0.0.0.0` and the port the engine bound. */
export interface HostPort {
  hostIp: string;
  hostPort: number;
}

/**
 * The host binding of `query` among `rows` (one service's containers, or the whole project's).
 * An IPv4 binding is preferred, as compose prints it first. Throws a user error naming what is
 * missing: the service, the container index, or the port.
 */
export function findHostPort(rows: readonly ServiceStatus[], query: PortQuery): HostPort {
  const protocol = query.protocol ?? 'tcp';
  const index = query.index ?? 1;
  const containers = rows
    .filter((r) => r.service === query.service)
    .sort((a, b) => Number(a.labels[LABEL_CONTAINER_NUMBER] ?? 0) - Number(b.labels[LABEL_CONTAINER_NUMBER] ?? 0));
  if (containers.length === 0) {
    const services = [...new Set(rows.map((r) => r.service))].sort();
    throw new ScoreComposeError('input', `no container found for service "${query.service}"`, {
      hint:
        services.length > 0
          ? `services with containers: ${services.join(', ')}`
          : 'is the stack up? (score-compose up)',
    });
  }
  const container = containers.find((c) => Number(c.labels[LABEL_CONTAINER_NUMBER] ?? 1) === index);
  if (container === undefined)
    throw new ScoreComposeError('input', `service "${query.service}" has no container number ${index}`);
  const bindings = container.ports.filter(
    (p) => p.containerPort === query.privatePort && p.protocol === protocol && p.hostPort > 0,
  );
  const chosen = bindings.find((p) => !p.hostIp.includes(':')) ?? bindings[0];
  if (chosen === undefined) {
    const published = container.ports.filter((p) => p.hostPort > 0).map((p) => `${p.containerPort}/${p.protocol}`);
    throw new ScoreComposeError(
      'input',
      `no port ${query.privatePort}/${protocol} published for container ${container.container}`,
      { hint: published.length > 0 ? `published: ${[...new Set(published)].join(', ')}` : 'it publishes no port' },
    );
  }
  return { hostIp: chosen.hostIp, hostPort: chosen.hostPort };
}
