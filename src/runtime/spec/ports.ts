// `ports` and `expose` → ExposedPorts + HostConfig.PortBindings.

import type { ComposePort } from '../../compose/types.js';
import { invalidField } from './support.js';

/** The engine's port maps for one service. */
export interface PortMaps {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, { HostIp?: string; HostPort?: string }[]>;
}

function range(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (m === null) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return hi >= lo ? [lo, hi] : undefined;
}

/** Parses the short syntax `[[ip:]published:]target[/protocol]` into long-syntax entries (ranges expanded). */
export function parseShortPort(service: string, spec: string): ComposePort[] {
  const [body = '', protocol = 'tcp'] = spec.split('/');
  let hostIp: string | undefined;
  let rest = body;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(body);
  if (v6 !== null) {
    hostIp = v6[1];
    rest = v6[2] ?? '';
  }
  const parts = rest.split(':');
  if (v6 === null && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || parts.length === 0) throw invalidField(service, 'ports', `invalid port "${spec}"`);
  const targetText = parts[parts.length - 1] ?? '';
  const publishedText = parts.length === 2 ? (parts[0] ?? '') : '';
  const target = range(targetText);
  if (target === undefined) throw invalidField(service, 'ports', `invalid port "${spec}"`);
  const count = target[1] - target[0] + 1;
  const published = publishedText === '' ? undefined : range(publishedText);
  if (publishedText !== '' && published === undefined) throw invalidField(service, 'ports', `invalid port "${spec}"`);
  const out: ComposePort[] = [];
  for (let i = 0; i < count; i++) {
    const p: ComposePort = { target: target[0] + i, protocol };
    if (hostIp !== undefined && hostIp !== '') p.host_ip = hostIp;
    if (published !== undefined) {
      // A published range wider than a single target lets the engine pick one port from it.
      p.published = count === 1 ? publishedText : String(published[0] + i);
    }
    out.push(p);
  }
  return out;
}

/** Maps `ports` (long or short syntax) and `expose` to the engine's port structures. */
export function mapPorts(service: string, ports: unknown[] | undefined, expose: unknown[] | undefined): PortMaps {
  const maps: PortMaps = { exposed: {}, bindings: {} };
  for (const raw of ports ?? []) {
    const entries =
      typeof raw === 'string'
        ? parseShortPort(service, raw)
        : typeof raw === 'number'
          ? [{ target: raw }]
          : [raw as ComposePort];
    for (const p of entries) {
      if (typeof p.target !== 'number' || !Number.isInteger(p.target))
        throw invalidField(service, 'ports', 'target must be a port number');
      const key = `${p.target}/${p.protocol ?? 'tcp'}`;
      maps.exposed[key] = {};
      const binding: { HostIp?: string; HostPort?: string } = {};
      if (p.host_ip !== undefined && p.host_ip !== '') binding.HostIp = p.host_ip;
      if (p.published !== undefined && String(p.published) !== '') binding.HostPort = String(p.published);
      (maps.bindings[key] ??= []).push(binding);
    }
  }
  for (const raw of expose ?? []) {
    const [port = '', protocol = 'tcp'] = String(raw).split('/');
    const r = range(port);
    if (r === undefined) throw invalidField(service, 'expose', `invalid port "${String(raw)}"`);
    for (let n = r[0]; n <= r[1]; n++) maps.exposed[`${n}/${protocol}`] = {};
  }
  return maps;
}
