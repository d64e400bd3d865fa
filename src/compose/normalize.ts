// Compose objects written by template provisioners may use compose's short syntax; the
// reference decodes them with the compose loader. These pure functions turn the short
// forms into the long forms of compose/types.ts (unknown keys are kept as they are).
import { userError } from '../common/errors.js';
import { normalizePorts } from './normalize-ports.js';
import { shellSplit } from './shell-split.js';
import type {
  ComposeDependency,
  ComposeNetwork,
  ComposeService,
  ComposeServiceVolume,
  ComposeVolume,
} from './types.js';
import { isRecord } from '../common/is-record.js';

export { parsePortSpec } from './normalize-ports.js';

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `["A=1", "B"]` or `{A: 1, B: null}` → `{A: "1", B: null}` (a bare name stays null). */
export function normalizeMapping(
  value: unknown,
  what: string,
  bareValue: string | null = null,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      const eq = text.indexOf('=');
      if (eq < 0) out[text] = bareValue;
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) out[k] = v === null || v === undefined ? bareValue : scalarText(v);
  } else if (value !== null && value !== undefined) {
    throw userError('input', `${what} must be a list or a map`);
  }
  return out;
}

function normalizeCommand(value: unknown, what: string): string[] | null {
  if (value === null) return null;
  if (typeof value === 'string') return shellSplit(value);
  if (Array.isArray(value)) return value.map(scalarText);
  throw userError('input', `${what} must be a string or a list`);
}

function normalizeDependsOn(value: unknown, service: string): Record<string, ComposeDependency> {
  const out: Record<string, ComposeDependency> = {};
  const names = Array.isArray(value) ? value.map(scalarText) : isRecord(value) ? Object.keys(value) : undefined;
  if (!names) throw userError('input', `service '${service}': depends_on must be a list or a map`);
  for (const name of names) {
    const given = isRecord(value) && isRecord(value[name]) ? value[name] : {};
    out[name] = {
      ...given,
      condition: (given.condition as ComposeDependency['condition'] | undefined) ?? 'service_started',
      required: typeof given.required === 'boolean' ? given.required : true,
    };
  }
  return out;
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** `[source:]target[:mode]` → a long-syntax service volume. */
export function parseVolumeSpec(spec: string): ComposeServiceVolume {
  const parts = spec.split(':');
  let source: string | undefined;
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2 && !parts[1]!.startsWith('/')) [target, mode] = parts as [string, string];
  else if (parts.length === 2) [source, target] = parts as [string, string];
  else if (parts.length === 3) [source, target, mode] = parts as [string, string, string];
  else throw userError('input', `invalid volume '${spec}': expected [source:]target[:mode]`);
  const isBind = source !== undefined && /^[./~]/.test(source);
  const out: ComposeServiceVolume = {
    type: source === undefined ? 'volume' : isBind ? 'bind' : 'volume',
    ...(source ? { source } : {}),
    target,
  };
  const bind: NonNullable<ComposeServiceVolume['bind']> = isBind ? { create_host_path: true } : {};
  for (const option of mode.split(',').filter((o) => o !== '')) {
    if (option === 'ro') out.read_only = true;
    else if (option === 'rw') continue;
    else if (option === 'nocopy') out.volume = { nocopy: true };
    else if (option === 'z' || option === 'Z') bind.selinux = option;
    else if (PROPAGATION.has(option)) bind.propagation = option;
    else throw userError('input', `invalid volume '${spec}': unknown mode '${option}'`);
  }
  if (Object.keys(bind).length > 0) out.bind = bind;
  return out;
}

/** A compose service in long syntax; `name` is used in error messages. */
export function normalizeService(s: unknown, name: string): ComposeService {
  if (s === null || s === undefined) return {};
  if (!isRecord(s)) throw userError('input', `service '${name}' must be a map`);
  const out: ComposeService = { ...s };
  if (s.ports !== undefined && s.ports !== null) out.ports = normalizePorts(s.ports, name);
  if (s.environment !== undefined) out.environment = normalizeMapping(s.environment, `service '${name}': environment`);
  for (const key of ['labels', 'annotations'] as const) {
    if (s[key] !== undefined)
      out[key] = normalizeMapping(s[key], `service '${name}': ${key}`, '') as Record<string, string>;
  }
  if (s.depends_on !== undefined && s.depends_on !== null) out.depends_on = normalizeDependsOn(s.depends_on, name);
  for (const key of ['command', 'entrypoint'] as const) {
    if (s[key] !== undefined) out[key] = normalizeCommand(s[key], `service '${name}': ${key}`) as string[];
  }
  if (isRecord(s.healthcheck) && typeof s.healthcheck.test === 'string') {
    out.healthcheck = { ...s.healthcheck, test: ['CMD-SHELL', s.healthcheck.test] };
  }
  if (Array.isArray(s.volumes)) {
    out.volumes = s.volumes.map((v) => (typeof v === 'string' ? parseVolumeSpec(v) : readOnlyMount(v)));
  }
  if (Array.isArray(s.networks)) out.networks = Object.fromEntries(s.networks.map((n) => [scalarText(n), null]));
  if (typeof s.build === 'string') out.build = { context: s.build };
  return out;
}

/**
 * A long-syntax service volume. `readOnly` (Score's spelling; score-compose's own route
 * provisioner writes it) is not a compose key: compose-go's loader drops it, leaving the mount
 * writable, and `docker compose config` rejects it. It is read as the `read_only` it means.
 */
function readOnlyMount(v: unknown): ComposeServiceVolume {
  if (!isRecord(v) || !('readOnly' in v)) return v as ComposeServiceVolume;
  const { readOnly, ...rest } = v;
  return ('read_only' in rest ? rest : { ...rest, read_only: readOnly }) as ComposeServiceVolume;
}

/** A top-level compose volume; an empty entry (`data:`) is `{}`. */
export function normalizeVolume(v: unknown, name: string): ComposeVolume {
  if (v === null || v === undefined) return {};
  if (!isRecord(v)) throw userError('input', `volume '${name}' must be a map`);
  return isRecord(v.labels) || Array.isArray(v.labels)
    ? { ...v, labels: normalizeMapping(v.labels, `volume '${name}': labels`, '') as Record<string, string> }
    : { ...v };
}

/** A top-level compose network; an empty entry (`backend:`) is `{}`. */
export function normalizeNetwork(n: unknown, name: string): ComposeNetwork {
  if (n === null || n === undefined) return {};
  if (!isRecord(n)) throw userError('input', `network '${name}' must be a map`);
  return isRecord(n.labels) || Array.isArray(n.labels)
    ? { ...n, labels: normalizeMapping(n.labels, `network '${name}': labels`, '') as Record<string, string> }
    : { ...n };
}
