// `ps --format json` in docker compose's shape: one JSON object per line, with compose's keys and
// its formatting of each field (a quoted command cut at 20 characters, Go's time format, the
// engine's status words), so scripts written against `docker compose ps --format json` work.

import type { PortStatus, ServiceStatus } from './ps.js';
import { byName, compareNames } from '../common/order.js';

/** Go's strconv.Quote for the ASCII texts commands are made of, after docker's Ellipsis(…, 20). */
function quotedCommand(command: string): string {
  const chars = [...command];
  const cut = chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : command;
  return JSON.stringify(cut);
}

/** Go's time.Time.String() of a timestamp, in UTC: `2026-12-02 09:21:42 +0000 UTC`. */
function goTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** docker/go-units HumanDuration: `Less than a second`, `5 seconds`, `About a minute`, `3 hours`, ... */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** IPv4 bindings before IPv6 ones, as the engine lists them. */
function portOrder(a: PortStatus, b: PortStatus): number {
  const v6 = (p: PortStatus) => (p.hostIp.includes(':') ? 1 : 0);
  return a.containerPort - b.containerPort || v6(a) - v6(b) || compareNames(a.protocol, b.protocol);
}

/** The `Ports` text as the docker CLI writes it: `0.0.0.0:8080->80/tcp, :::8080->80/tcp, 53/udp`. */
function dockerPorts(ports: readonly PortStatus[]): string {
  return [...ports]
    .sort(portOrder)
    .map((p) =>
      p.hostPort === 0
        ? `${p.containerPort}/${p.protocol}`
        : `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`,
    )
    .join(', ');
}

function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** One row as `docker compose ps --format json` writes it. */
export function composePsObject(r: ServiceStatus, now: number): Record<string, unknown> {
  const publishers = [...r.ports]
    .sort(portOrder)
    .map((p) => ({ URL: p.hostIp, TargetPort: p.containerPort, PublishedPort: p.hostPort, Protocol: p.protocol }));
  return {
    Command: quotedCommand(r.command),
    CreatedAt: goTime(r.created),
    ExitCode: r.exitCode,
    Health: r.health,
    ID: r.id.slice(0, 12),
    Image: r.image,
    Labels: Object.entries(r.labels)
      .sort(byName)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    LocalVolumes: String(r.mounts.filter((m) => m.local).length),
    Mounts: r.mounts.map((m) => ellipsis(m.source, 15)).join(','),
    Name: r.container,
    Names: r.container,
    Networks: r.networks.join(','),
    Ports: dockerPorts(r.ports),
    Project: r.project,
    Publishers: publishers.length === 0 ? null : publishers,
    RunningFor: `${humanDuration(now - new Date(r.created).getTime())} ago`,
    Service: r.service,
    Size: '0B',
    State: r.state,
    Status: r.status,
  };
}

/** Every row as one line of JSON. */
export function formatPsJson(rows: readonly ServiceStatus[], now = Date.now()): string {
  return rows.map((r) => `${JSON.stringify(composePsObject(r, now))}\n`).join('');
}
