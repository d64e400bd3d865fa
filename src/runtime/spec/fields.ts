// Small per-field mappings from compose to the Engine API, each pure.

import type { ComposeHealthcheck, ComposeService } from '../../compose/types.js';
import type { HealthConfig, HostConfig } from '../engine/container-runtime.js';
import { shellSplit } from '../../compose/shell-split.js';
import { invalidField } from './support.js';
import { parseBytes, parseDurationNs } from '../../compose/units.js';

/** A string or list field as a list (`dns: 8.8.8.8` and `dns: [8.8.8.8]` are both valid). */
export function asList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

/** `entrypoint` / `command`: a list passes as is, a string is split shell-style. */
export function commandList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? shellSplit(value) : (value as unknown[]).map(String);
}

/** `environment` (map or `K=V` list) → `Env`; a bare key takes its value from `lookup`, else is passed bare. */
export function mapEnvironment(env: unknown, lookup: (name: string) => string | undefined): string[] | undefined {
  if (env === undefined || env === null) return undefined;
  const entries: [string, string | null][] = Array.isArray(env)
    ? env.map((item) => {
        const text = String(item);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
      })
    : Object.entries(env as Record<string, unknown>).map(([k, v]) => [
        k,
        v === null || v === undefined ? null : String(v),
      ]);
  return entries.map(([k, v]) => {
    if (v !== null) return `${k}=${v}`;
    const found = lookup(k);
    return found === undefined ? k : `${k}=${found}`;
  });
}

function durationField(service: string, field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ns = parseDurationNs(value);
  if (ns === undefined) throw invalidField(service, field, `invalid duration "${value}"`);
  return ns;
}

/** `healthcheck` → `Healthcheck` (durations in ns). `start_interval` is dropped below API 1.44 (returned note). */
export function mapHealthcheck(
  service: string,
  hc: ComposeHealthcheck | undefined,
  startIntervalSupported: boolean,
): { config?: HealthConfig; note?: string } {
  if (hc === undefined) return {};
  if (hc.disable === true) return { config: { Test: ['NONE'] } };
  const config: HealthConfig = {};
  if (typeof hc.test === 'string') config.Test = ['CMD-SHELL', hc.test];
  else if (Array.isArray(hc.test)) config.Test = hc.test.map(String);
  const interval = durationField(service, 'healthcheck.interval', hc.interval);
  const timeout = durationField(service, 'healthcheck.timeout', hc.timeout);
  const startPeriod = durationField(service, 'healthcheck.start_period', hc.start_period);
  const startInterval = durationField(service, 'healthcheck.start_interval', hc.start_interval);
  if (interval !== undefined) config.Interval = interval;
  if (timeout !== undefined) config.Timeout = timeout;
  if (startPeriod !== undefined) config.StartPeriod = startPeriod;
  if (hc.retries !== undefined) config.Retries = Number(hc.retries);
  let note: string | undefined;
  if (startInterval !== undefined) {
    if (startIntervalSupported) config.StartInterval = startInterval;
    else note = `service "${service}": healthcheck.start_interval needs Engine API 1.44; ignored`;
  }
  return note === undefined ? { config } : { config, note };
}

/** `restart` → RestartPolicy (`on-failure:3` → on-failure, 3 retries). */
export function mapRestart(service: string, restart: string | undefined): HostConfig['RestartPolicy'] {
  if (restart === undefined) return undefined;
  const [name = '', count] = restart.split(':');
  const normalised = name === 'no' || name === '' ? 'no' : name;
  if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(normalised))
    throw invalidField(service, 'restart', `invalid restart policy "${restart}"`);
  if (count === undefined) return { Name: normalised };
  const n = Number(count);
  if (!Number.isInteger(n) || n < 0 || normalised !== 'on-failure')
    throw invalidField(service, 'restart', `invalid restart policy "${restart}"`);
  return { Name: normalised, MaximumRetryCount: n };
}

/** A byte size field, or a clear error. */
export function bytesOrThrow(service: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = parseBytes(value as string | number);
  if (n === undefined) throw invalidField(service, field, `invalid size "${String(value)}"`);
  return n;
}

function cpusField(service: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw invalidField(service, field, `invalid cpus "${String(value)}"`);
  return Math.round(n * 1e9);
}

/** Memory, MemoryReservation, NanoCpus and PidsLimit from `deploy.resources` and the legacy fields. */
export function mapResources(service: string, svc: ComposeService): Partial<HostConfig> {
  const res = svc.deploy?.resources;
  const limits = (res?.limits ?? {}) as Record<string, unknown>;
  const reservations = (res?.reservations ?? {}) as Record<string, unknown>;
  const out: Partial<HostConfig> = {};
  const memory =
    bytesOrThrow(service, 'deploy.resources.limits.memory', limits.memory) ??
    bytesOrThrow(service, 'mem_limit', svc.mem_limit);
  const reservation =
    bytesOrThrow(service, 'deploy.resources.reservations.memory', reservations.memory) ??
    bytesOrThrow(service, 'mem_reservation', svc.mem_reservation);
  const cpus = cpusField(service, 'deploy.resources.limits.cpus', limits.cpus) ?? cpusField(service, 'cpus', svc.cpus);
  const pids = limits.pids ?? svc.pids_limit;
  if (memory !== undefined) out.Memory = memory;
  if (reservation !== undefined) out.MemoryReservation = reservation;
  if (cpus !== undefined) out.NanoCpus = cpus;
  if (pids !== undefined) out.PidsLimit = Number(pids);
  return out;
}

/** `ulimits: {nofile: {soft, hard}, nproc: 65535}` → Ulimits. */
export function mapUlimits(service: string, ulimits: unknown): HostConfig['Ulimits'] {
  if (ulimits === undefined || ulimits === null) return undefined;
  return Object.entries(ulimits as Record<string, unknown>).map(([name, v]) => {
    if (typeof v === 'number') return { Name: name, Soft: v, Hard: v };
    const o = v as { soft?: unknown; hard?: unknown };
    const soft = Number(o.soft);
    const hard = Number(o.hard);
    if (!Number.isFinite(soft) || !Number.isFinite(hard))
      throw invalidField(service, `ulimits.${name}`, 'needs a number or {soft, hard}');
    return { Name: name, Soft: soft, Hard: hard };
  });
}

/** `extra_hosts` (list `host:ip`/`host=ip` or map) → `host:ip` entries. */
export function mapExtraHosts(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    return value.map((e) => {
      const text = String(e);
      const eq = text.indexOf('=');
      return eq >= 0 ? `${text.slice(0, eq)}:${text.slice(eq + 1)}` : text;
    });
  }
  const out: string[] = [];
  for (const [host, ip] of Object.entries(value as Record<string, unknown>)) {
    for (const one of Array.isArray(ip) ? ip : [ip]) out.push(`${host}:${String(one)}`);
  }
  return out;
}

/** `sysctls` (map or `k=v` list) → map. */
export function mapSysctls(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const e of value) {
      const text = String(e);
      const eq = text.indexOf('=');
      if (eq < 0) out[text] = '';
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
    return out;
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Service-level `tmpfs: [/run:size=64m]` → `{"/run": "size=64m"}`. */
export function mapTmpfs(value: unknown): Record<string, string> | undefined {
  const list = asList(value);
  if (list === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const entry of list) {
    const colon = entry.indexOf(':');
    if (colon < 0) out[entry] = '';
    else out[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return out;
}

/** `logging: {driver, options}` → LogConfig. */
export function mapLogging(value: unknown): HostConfig['LogConfig'] {
  if (value === undefined || value === null) return undefined;
  const l = value as { driver?: unknown; options?: Record<string, unknown> | null };
  const config =
    l.options === undefined || l.options === null
      ? undefined
      : Object.fromEntries(Object.entries(l.options).map(([k, v]) => [k, String(v)]));
  const type = typeof l.driver === 'string' ? l.driver : 'json-file';
  return config === undefined ? { Type: type } : { Type: type, Config: config };
}

/** `stop_grace_period` → StopTimeout in whole seconds. */
export function stopTimeoutSeconds(service: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ns = parseDurationNs(value as string | number);
  if (ns === undefined) throw invalidField(service, 'stop_grace_period', `invalid duration "${String(value)}"`);
  return Math.floor(ns / 1e9);
}
