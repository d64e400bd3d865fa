// Turns the outputs of a volume-like resource (`type`: volume, tmpfs or bind) into a compose mount.
// Outputs are decoded strictly, like the reference: a misspelt key is an error, not a silent no-op.
import * as path from 'node:path';
import type { ComposeServiceVolume } from '../compose/types.js';
import { firstUnknownKey } from '../common/unknown-keys.js';

type Outputs = Record<string, unknown>;

/** The mount for `target` backed by resource `uid`; throws an Error whose message follows the field path. */
export function mountFromOutputs(
  uid: string,
  outputs: Outputs,
  target: string,
  subPath: string | undefined,
  readOnly: boolean,
): ComposeServiceVolume {
  const type = outputs['type'];
  if (typeof type !== 'string') throw new Error(`resource '${uid}' has no 'type' output`);
  const base: ComposeServiceVolume = { type, source: uid, target, ...(readOnly ? { read_only: true } : {}) };
  const decode = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new Error(`resource '${uid}' outputs cannot decode for ${type}: ${(err as Error).message}`, { cause: err });
    }
  };
  const hasPath = subPath !== undefined && subPath !== '';
  switch (type) {
    case 'volume': {
      const s = decode(() => {
        allowOnly(outputs, ['type', 'source', 'volume'], '');
        return { source: optString(outputs, 'source', ''), volume: decodeVolumeOptions(outputs['volume']) };
      });
      const volume = hasPath ? { ...s.volume, subpath: cleanJoin(s.volume?.subpath ?? '', subPath) } : s.volume;
      return { ...base, source: s.source ?? '', ...(volume === undefined ? {} : { volume }) };
    }
    case 'tmpfs': {
      const tmpfs = decode(() => {
        allowOnly(outputs, ['type', 'tmpfs'], '');
        return decodeTmpfsOptions(outputs['tmpfs']);
      });
      if (hasPath) throw new Error(`can't mount named tmpfs volume with sub path '${subPath}': not supported`);
      // Quirk kept from the reference: the source stays the resource uid (docker ignores it for tmpfs).
      return { ...base, ...(tmpfs === undefined ? {} : { tmpfs }) };
    }
    case 'bind': {
      const s = decode(() => {
        allowOnly(outputs, ['type', 'source', 'bind'], '');
        return { source: optString(outputs, 'source', '') ?? '', bind: decodeBindOptions(outputs['bind']) };
      });
      const source = hasPath ? cleanJoin(s.source, subPath) : s.source;
      return { ...base, source, ...(s.bind === undefined ? {} : { bind: s.bind }) };
    }
    default:
      throw new Error(`resource '${uid}' has invalid type '${type}'`);
  }
}

function decodeVolumeOptions(raw: unknown): ComposeServiceVolume['volume'] {
  if (raw === undefined || raw === null) return undefined;
  const m = asMap(raw, 'volume');
  allowOnly(m, ['nocopy', 'subpath', 'labels'], 'volume.');
  const out: NonNullable<ComposeServiceVolume['volume']> = {};
  const nocopy = optBool(m, 'nocopy', 'volume.');
  if (nocopy) out.nocopy = true;
  const subpath = optString(m, 'subpath', 'volume.');
  if (subpath) out.subpath = subpath;
  if (m['labels'] !== undefined && m['labels'] !== null) {
    const labels = asMap(m['labels'], 'volume.labels');
    out.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, scalarString(v, `volume.labels.${k}`)]));
  }
  return out;
}

function decodeTmpfsOptions(raw: unknown): ComposeServiceVolume['tmpfs'] {
  if (raw === undefined || raw === null) return undefined;
  const m = asMap(raw, 'tmpfs');
  allowOnly(m, ['size', 'mode'], 'tmpfs.');
  const out: NonNullable<ComposeServiceVolume['tmpfs']> = {};
  const size = m['size'];
  // compose writes byte sizes as strings ("10000000"), so a numeric output is normalised to one.
  if (typeof size === 'number' && Number.isInteger(size) && size >= 0) out.size = String(size);
  else if (typeof size === 'string') out.size = size;
  else if (size !== undefined && size !== null) throw new Error('field "tmpfs.size" must be a byte size');
  const mode = m['mode'];
  if (typeof mode === 'number' && Number.isInteger(mode) && mode >= 0) out.mode = mode;
  else if (mode !== undefined && mode !== null) throw new Error('field "tmpfs.mode" must be a non-negative integer');
  return out;
}

/**
 * Bind options. Quirk kept from the reference (visible in its goldens): compose treats
 * `create_host_path` as opt-out, so `true` is the default and is left out, while a missing value
 * decodes as `false` and is written explicitly.
 */
function decodeBindOptions(raw: unknown): ComposeServiceVolume['bind'] {
  if (raw === undefined || raw === null) return undefined;
  const m = asMap(raw, 'bind');
  allowOnly(m, ['propagation', 'create_host_path', 'selinux', 'recursive'], 'bind.');
  const out: NonNullable<ComposeServiceVolume['bind']> = {};
  const propagation = optString(m, 'propagation', 'bind.');
  if (propagation) out.propagation = propagation;
  if (optBool(m, 'create_host_path', 'bind.') !== true) out.create_host_path = false;
  const selinux = optString(m, 'selinux', 'bind.');
  if (selinux) out.selinux = selinux;
  const recursive = optString(m, 'recursive', 'bind.');
  if (recursive) out.recursive = recursive;
  return out;
}

/** Joins and cleans like Go's filepath.Join: no empty parts, no trailing slash. */
function cleanJoin(...parts: string[]): string {
  const kept = parts.filter((p) => p !== '');
  if (kept.length === 0) return '';
  const joined = path.posix.normalize(kept.join('/'));
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

function allowOnly(m: Outputs, allowed: string[], prefix: string): void {
  const unknown = firstUnknownKey(m, allowed);
  if (unknown !== undefined) throw new Error(`unknown field "${prefix}${unknown}"`);
}

function asMap(raw: unknown, field: string): Outputs {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`field "${field}" must be a map`);
  return raw as Outputs;
}

function optString(m: Outputs, key: string, prefix: string): string | undefined {
  const v = m[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`field "${prefix}${key}" must be a string`);
  return v;
}

function optBool(m: Outputs, key: string, prefix: string): boolean | undefined {
  const v = m[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`field "${prefix}${key}" must be a boolean`);
  return v;
}

function scalarString(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`field "${field}" must be a string`);
}
