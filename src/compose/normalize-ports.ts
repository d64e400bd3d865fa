// Compose port short syntax (`"[[ip:]host:]container[/protocol]"`, with ranges) to the
// long syntax the rest of the pipeline works with. Only keys that were given are set,
// matching what the reference writes (`- target: 80` / `published: "8080"`).
import { userError } from '../common/errors.js';
import type { ComposePort } from './types.js';
import { isRecord } from '../common/is-record.js';

function portNumber(text: string, spec: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 0 || n > 65535)
    throw userError('input', `invalid port '${spec}': '${text}' is not a port number`);
  return n;
}

function range(text: string, spec: string): [number, number] {
  const [from, to = from] = text.split('-') as [string, string?];
  const a = portNumber(from, spec);
  const b = portNumber(to, spec);
  if (b < a) throw userError('input', `invalid port '${spec}': range ${text} ends before it starts`);
  return [a, b];
}

/** Splits `ip:host:container`, keeping a bracketed IPv6 address whole. */
function splitParts(spec: string): string[] {
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (v6) return [v6[1]!, ...v6[2]!.split(':')];
  const parts = spec.split(':');
  if (parts.length > 3) return [parts.slice(0, -2).join(':'), ...parts.slice(-2)];
  return parts;
}

/** One short-syntax port entry as long-syntax ports (a range gives several). */
export function parsePortSpec(spec: string): ComposePort[] {
  const [address, protocol] = spec.split('/') as [string, string?];
  const parts = splitParts(address);
  const container = parts[parts.length - 1]!;
  const host = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const hostIp = parts.length === 3 ? parts[0] : undefined;
  const [cFrom, cTo] = range(container, spec);
  const extra = (p: ComposePort): ComposePort => ({
    ...(hostIp ? { host_ip: hostIp } : {}),
    ...p,
    ...(protocol ? { protocol } : {}),
  });
  if (host === undefined || host === '') {
    const out: ComposePort[] = [];
    for (let t = cFrom; t <= cTo; t++) out.push(extra({ target: t }));
    return out;
  }
  const [hFrom, hTo] = range(host, spec);
  if (cFrom === cTo) return [extra({ target: cFrom, published: hFrom === hTo ? String(hFrom) : `${hFrom}-${hTo}` })];
  if (hTo - hFrom !== cTo - cFrom)
    throw userError('input', `invalid port '${spec}': host and container port ranges differ in size`);
  const out: ComposePort[] = [];
  for (let i = 0; i <= cTo - cFrom; i++) out.push(extra({ target: cFrom + i, published: String(hFrom + i) }));
  return out;
}

/** A service's `ports` in long syntax; strings and numbers are expanded, objects tidied. */
export function normalizePorts(ports: unknown, service: string): ComposePort[] {
  if (!Array.isArray(ports)) throw userError('input', `service '${service}': ports must be a list`);
  return ports.flatMap((p): ComposePort[] => {
    if (typeof p === 'number') return [{ target: p }];
    if (typeof p === 'string') return parsePortSpec(p);
    if (!isRecord(p)) throw userError('input', `service '${service}': a port must be a string, number or map`);
    const out: Record<string, unknown> = { ...p };
    if (typeof p.target === 'string') out.target = portNumber(p.target, p.target);
    if (typeof p.published === 'number') out.published = String(p.published);
    if (typeof out.target !== 'number')
      throw userError('input', `service '${service}': a long-syntax port needs a numeric 'target'`);
    return [out as unknown as ComposePort];
  });
}
