// `volumes` (bind, named, anonymous, tmpfs) → HostConfig.Binds / HostConfig.Mounts.
// Binds for plain bind mounts (as compose does: the engine creates a missing host directory),
// the Mount API for everything that needs options.

import { isAbsolute, resolve } from 'node:path';
import type { ComposeServiceVolume, ComposeVolume } from '../../compose/types.js';
import type { MountSpec } from '../engine/container-runtime.js';
import { compareVersions } from '../../common/compare-versions.js';
import { volumeName } from '../identity/names.js';
import { parseBytes } from '../../compose/units.js';
import { invalidField, unsupportedField } from './support.js';
import { ScoreComposeError } from '../../common/errors.js';

/** What the mounts of one service become. */
export interface MountMaps {
  binds: string[];
  mounts: MountSpec[];
}

/** Context needed to resolve sources. */
export interface MountContext {
  project: string;
  projectDir: string;
  apiVersion: string;
  volumes: Record<string, ComposeVolume> | undefined;
  homeDir?: string;
}

/** Parses the short syntax `source:target[:mode]` / `target` into the long form. */
export function parseShortVolume(spec: string): ComposeServiceVolume {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: spec };
  const [source = '', target = '', mode = ''] = parts;
  const modes = mode.split(',');
  const bind = /^[./~]/.test(source);
  const vol: ComposeServiceVolume = { type: bind ? 'bind' : 'volume', source, target };
  if (modes.includes('ro')) vol.read_only = true;
  if (bind) {
    const selinux = modes.find((m) => m === 'z' || m === 'Z');
    const propagation = modes.find((m) => /^r?(shared|slave|private)$/.test(m));
    if (selinux !== undefined || propagation !== undefined) {
      vol.bind = {};
      if (selinux !== undefined) vol.bind.selinux = selinux;
      if (propagation !== undefined) vol.bind.propagation = propagation;
    }
  } else if (modes.includes('nocopy')) {
    vol.volume = { nocopy: true };
  }
  return vol;
}

function bindSource(source: string, ctx: MountContext): string {
  if (source === '~' || source.startsWith('~/')) {
    if (ctx.homeDir === undefined) return resolve(ctx.projectDir, source);
    return resolve(ctx.homeDir, source.slice(2));
  }
  return isAbsolute(source) ? source : resolve(ctx.projectDir, source);
}

function mapOne(service: string, v: ComposeServiceVolume, ctx: MountContext, out: MountMaps): void {
  const readOnly = v.read_only === true;
  switch (v.type) {
    case 'bind': {
      if (v.source === undefined || v.source === '')
        throw invalidField(service, 'volumes', `bind mount of ${v.target} has no source`);
      const source = bindSource(v.source, ctx);
      const b = v.bind ?? {};
      if (b.create_host_path === false || b.recursive !== undefined) {
        if (b.recursive !== undefined) throw unsupportedField(service, 'volumes.bind.recursive');
        const m: MountSpec = { Type: 'bind', Source: source, Target: v.target, ReadOnly: readOnly };
        if (b.propagation !== undefined) m.BindOptions = { Propagation: b.propagation };
        out.mounts.push(m);
        return;
      }
      const opts = [readOnly ? 'ro' : 'rw'];
      if (b.selinux !== undefined) opts.push(b.selinux);
      if (b.propagation !== undefined) opts.push(b.propagation);
      out.binds.push(`${source}:${v.target}:${opts.join(',')}`);
      return;
    }
    case 'volume': {
      const m: MountSpec = { Type: 'volume', Target: v.target, ReadOnly: readOnly };
      if (v.source !== undefined && v.source !== '')
        m.Source = volumeName(ctx.project, v.source, ctx.volumes?.[v.source]);
      const o = v.volume ?? {};
      const opts: NonNullable<MountSpec['VolumeOptions']> = {};
      if (o.nocopy === true) opts.NoCopy = true;
      if (o.labels !== undefined) opts.Labels = o.labels;
      if (o.subpath !== undefined && o.subpath !== '') {
        if (compareVersions(ctx.apiVersion, '1.45') < 0) {
          throw new ScoreComposeError(
            'runtime',
            `service "${service}": volume subpath "${o.subpath}" needs Docker Engine API 1.45 or newer, but the engine speaks ${ctx.apiVersion}`,
            { hint: 'upgrade Docker Engine to 26 or newer, or run this project with `docker compose`' },
          );
        }
        opts.Subpath = o.subpath;
      }
      if (Object.keys(opts).length > 0) m.VolumeOptions = opts;
      out.mounts.push(m);
      return;
    }
    case 'tmpfs': {
      const m: MountSpec = { Type: 'tmpfs', Target: v.target };
      const t = v.tmpfs ?? {};
      const tmpfsOpts: NonNullable<MountSpec['TmpfsOptions']> = {};
      if (t.size !== undefined) {
        const size = parseBytes(t.size);
        if (size === undefined) throw invalidField(service, 'volumes.tmpfs.size', `invalid size "${String(t.size)}"`);
        tmpfsOpts.SizeBytes = size;
      }
      if (t.mode !== undefined) tmpfsOpts.Mode = t.mode;
      if (Object.keys(tmpfsOpts).length > 0) m.TmpfsOptions = tmpfsOpts;
      out.mounts.push(m);
      return;
    }
    default:
      throw unsupportedField(service, `volumes (type ${String(v.type)})`);
  }
}

/** Maps every entry of a service's `volumes`. */
export function mapVolumes(service: string, volumes: unknown[] | undefined, ctx: MountContext): MountMaps {
  const out: MountMaps = { binds: [], mounts: [] };
  for (const raw of volumes ?? []) {
    const v = typeof raw === 'string' ? parseShortVolume(raw) : (raw as ComposeServiceVolume);
    mapOne(service, v, ctx, out);
  }
  return out;
}
