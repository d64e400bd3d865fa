// com.docker.compose.config-hash as Docker Compose computes it, so that `docker compose up`
// after our `up` (and the reverse) sees the containers as up to date instead of recreating
// them. Compose hashes the JSON of its normalised, interpolated service (Go's encoding/json:
// struct field order, `omitempty` rules, sorted map keys, `<>&` escaped), without `build`,
// `pull_policy` and `scale`. We rebuild that normal form for the fields our projects use; a
// test compares the result with `docker compose config --format json` on real projects.

import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { PROJECT_SHAPE, type ListShape, type MapShape, type ObjectShape } from '../../compose/key-order.js';
import type { ComposeService } from '../../compose/types.js';
import { formatDurationMs, parseBytes, parseDurationNs } from '../../compose/units.js';
import { isRecord } from '../../common/is-record.js';

type Shape = ObjectShape | MapShape | ListShape | undefined;

const SERVICE_SHAPE = (PROJECT_SHAPE.fields?.services as MapShape).mapOf;
const EXCLUDED = new Set(['build', 'pull_policy', 'scale']);
// Fields without `omitempty` in compose's service struct: written as null when absent.
const ALWAYS = ['command', 'entrypoint'];
const KEEP_FALSE = new Set(['required']);

function goDuration(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const ns = parseDurationNs(value);
  return ns === undefined ? value : formatDurationMs(ns / 1e6);
}

function normaliseResources(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out: Record<string, unknown> = { ...spec };
  if (typeof out.cpus === 'string') out.cpus = Number(out.cpus);
  if (typeof out.memory === 'string' || typeof out.memory === 'number')
    out.memory = String(parseBytes(out.memory) ?? out.memory);
  return out;
}

/**
 * The service as compose-go normalises it (only what differs from our generated form). Compose
 * hashes a `network_mode: service:<x>` service after resolving it to `container:<id of x>`, so
 * its hash changes with x's container: pass that id as `parentContainerId`.
 */
export function normaliseForHash(
  svc: ComposeService,
  projectDir: string,
  parentContainerId?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(svc)) if (!EXCLUDED.has(key) && value !== undefined) out[key] = value;
  for (const key of ALWAYS) out[key] ??= null;
  if (out.network_mode === undefined && out.networks === undefined) out.networks = { default: null };
  // Sharing another service's network namespace is an implicit dependency on it.
  const shared =
    typeof out.network_mode === 'string' && out.network_mode.startsWith('service:')
      ? out.network_mode.slice(8)
      : undefined;
  if (shared !== undefined) {
    const deps = isRecord(out.depends_on) ? out.depends_on : {};
    out.depends_on = {
      ...deps,
      [shared]: deps[shared] ?? { condition: 'service_started', restart: true, required: true },
    };
    if (parentContainerId !== undefined) out.network_mode = `container:${parentContainerId}`;
  }
  if (isRecord(out.healthcheck)) {
    const hc: Record<string, unknown> = { ...out.healthcheck };
    for (const k of ['timeout', 'interval', 'start_period', 'start_interval'])
      if (hc[k] !== undefined) hc[k] = goDuration(hc[k]);
    out.healthcheck = hc;
  }
  if (out.stop_grace_period !== undefined) out.stop_grace_period = goDuration(out.stop_grace_period);
  if (isRecord(out.deploy)) {
    const deploy: Record<string, unknown> = { ...out.deploy };
    if (isRecord(deploy.resources)) {
      const r = deploy.resources;
      deploy.resources = {
        ...r,
        ...(r.limits ? { limits: normaliseResources(r.limits) } : {}),
        ...(r.reservations ? { reservations: normaliseResources(r.reservations) } : {}),
      };
    }
    deploy.placement ??= {};
    out.deploy = deploy;
  }
  if (Array.isArray(out.ports)) {
    out.ports = out.ports.map((p) =>
      isRecord(p)
        ? {
            mode: 'ingress',
            protocol: 'tcp',
            ...p,
            ...(p.published === undefined ? {} : { published: String(p.published) }),
          }
        : p,
    );
  }
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((v) =>
      isRecord(v) && v.type === 'bind' && typeof v.source === 'string' && !isAbsolute(v.source)
        ? { ...v, source: resolve(projectDir, v.source) }
        : v,
    );
  }
  return out;
}

// Go's encoding/json: objects of a struct in field order (here: the shape's order, then any
// other key sorted), maps with sorted keys, `omitempty` for false and empty values.
function goValue(value: unknown, shape: Shape, top: boolean): unknown {
  if (Array.isArray(value))
    return value.map((v) => goValue(v, shape && 'listOf' in shape ? shape.listOf : undefined, false));
  if (!isRecord(value)) return value;
  if (shape && 'order' in shape) {
    const keys = [
      ...shape.order.filter((k) => k in value),
      ...Object.keys(value)
        .filter((k) => !shape.order.includes(k))
        .sort(),
    ];
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const v = value[key];
      if (v === undefined || (v === false && !KEEP_FALSE.has(key))) continue;
      if (v === null && !(top && ALWAYS.includes(key))) continue;
      if (
        (Array.isArray(v) && v.length === 0) ||
        (isRecord(v) && Object.keys(v).length === 0 && !(key === 'placement'))
      )
        continue;
      out.set(key, goValue(v, shape.fields?.[key], false));
    }
    return out;
  }
  const inner = shape && 'mapOf' in shape ? shape.mapOf : undefined;
  return new Map(
    Object.keys(value)
      .sort()
      .map((k) => [k, goValue(value[k], inner, false)]),
  );
}

function goJson(value: unknown): string {
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  // Go escapes <, > and & (and U+2028/9) in strings for safe embedding in HTML.
  return (JSON.stringify(value) ?? 'null').replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The JSON compose hashes for a service (exported for tests). */
export function composeServiceJson(svc: ComposeService, projectDir: string, parentContainerId?: string): string {
  return goJson(goValue(normaliseForHash(svc, projectDir, parentContainerId), SERVICE_SHAPE, true));
}

/**
 * com.docker.compose.config-hash of an interpolated service, as compose computes it;
 * `parentContainerId` is the container of the service whose network namespace it shares.
 */
export function composeConfigHash(svc: ComposeService, projectDir: string, parentContainerId?: string): string {
  return createHash('sha256')
    .update(composeServiceJson(svc, projectDir, parentContainerId))
    .digest('hex');
}
