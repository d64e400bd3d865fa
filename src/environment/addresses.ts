// Addresses a test process can use. Inside the stack a postgres resource is `pg-abc:5432`, a name
// only the project network resolves; from the host it is `127.0.0.1:<the port the engine
// published>`. These pure functions translate resource outputs (and the strings built from them,
// such as connection URLs) and route hosts into host addresses, given what `ps` reports.

import type { ServiceStatus } from '../runtime/ps.js';

/** Where one service port is published on the host. */
export interface PublishedPort {
  service: string;
  containerPort: number;
  protocol: string;
  host: string;
  hostPort: number;
}

/** The published ports of every service, preferring IPv4 bindings (`127.0.0.1` reaches them). */
export function publishedPorts(rows: readonly ServiceStatus[], publishHost: string): PublishedPort[] {
  const out = new Map<string, PublishedPort>();
  for (const row of rows) {
    for (const p of row.ports) {
      if (p.hostPort === 0) continue;
      const key = `${row.service}/${p.containerPort}/${p.protocol}`;
      const ipv6 = p.hostIp.includes(':');
      if (out.has(key) && ipv6) continue;
      out.set(key, {
        service: row.service,
        containerPort: p.containerPort,
        protocol: p.protocol,
        host: publishHost,
        hostPort: p.hostPort,
      });
    }
  }
  return [...out.values()];
}

/** An output's in-stack address (service name, port) and where the host reaches it. */
export interface AddressMapping {
  service: string;
  containerPort: number;
  host: string;
  hostPort: number;
}

function asPort(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/**
 * Where a resource's `host`/`port` outputs point, when `host` names a service of the project
 * and that port is published: the mapping its outputs are rewritten with.
 */
export function outputAddress(
  outputs: Readonly<Record<string, unknown>>,
  services: ReadonlySet<string>,
  ports: readonly PublishedPort[],
): AddressMapping | undefined {
  const service = outputs['host'];
  const containerPort = asPort(outputs['port']);
  if (typeof service !== 'string' || !services.has(service) || containerPort === undefined) return undefined;
  const published = ports.find(
    (p) => p.service === service && p.containerPort === containerPort && p.protocol === 'tcp',
  );
  return published === undefined
    ? undefined
    : { service, containerPort, host: published.host, hostPort: published.hostPort };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Outputs as the host sees them: `host` and `port` replaced, and every `<service>:<port>` inside a
 * string output (connection strings, URLs) rewritten; other values are kept as they are.
 */
export function hostOutputs(
  outputs: Readonly<Record<string, unknown>>,
  mapping: AddressMapping | undefined,
): Record<string, unknown> {
  if (mapping === undefined) return { ...outputs };
  const inStack = new RegExp(`(?<![\\w.-])${escapeRegExp(mapping.service)}:${mapping.containerPort}(?!\\d)`, 'g');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(inStack, `${mapping.host}:${mapping.hostPort}`);
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    }
    return value;
  };
  const out = rewrite(outputs) as Record<string, unknown>;
  out['host'] = mapping.host;
  out['port'] = typeof outputs['port'] === 'string' ? String(mapping.hostPort) : mapping.hostPort;
  return out;
}
