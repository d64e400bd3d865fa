// The text table of `ps`, laid out like `docker compose ps`: left-aligned columns three
// spaces apart, ports as `127.0.0.1:8080->80/tcp`.

import type { PortStatus, ServiceStatus } from './ps.js';

const HEADERS = ['NAME', 'IMAGE', 'SERVICE', 'STATUS', 'PORTS'] as const;

/** The table with a header row; every line ends with a newline and has no trailing spaces. */
export function formatPsTable(rows: readonly ServiceStatus[]): string {
  const cells = [
    [...HEADERS],
    ...rows.map((r) => [r.container, r.image, r.service, formatStatus(r), formatPorts(r.ports)]),
  ];
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** `running (healthy)`, `exited (1)`, or the bare state. */
export function formatStatus(r: Pick<ServiceStatus, 'state' | 'health' | 'exitCode'>): string {
  if (r.state === 'exited' || r.state === 'dead') return `${r.state} (${r.exitCode})`;
  return r.health === '' ? r.state : `${r.state} (${r.health})`;
}

/** Comma-separated ports in docker's notation; IPv6 host addresses in brackets. */
export function formatPorts(ports: readonly PortStatus[]): string {
  return ports
    .map((p) => {
      const target = `${p.containerPort}/${p.protocol}`;
      if (p.hostPort === 0) return target;
      const ip = p.hostIp === '' ? '0.0.0.0' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
      return `${ip}:${p.hostPort}->${target}`;
    })
    .join(', ');
}
