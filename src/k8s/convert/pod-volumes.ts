// Pod volumes and mounts: the shapes conversion builds, and the collapsing of several files in one
// directory into a single projected volume (Kubernetes mounts a volume over the whole directory).

export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface Volume {
  name: string;
  configMap?: { name: string; items: KeyToPath[] };
  secret?: { secretName: string; items: KeyToPath[] };
  projected?: { sources: Record<string, unknown>[] };
  [source: string]: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

/**
 * Groups the ConfigMap and Secret volumes of one container by directory: a directory with one
 * file keeps its volume, one with several gets a read-only projected volume named
 * `proj-vol-<n>`. Other mounts keep their order, before the file mounts (by directory).
 * `counter` numbers projected volumes across the whole pod, so two containers never share a name.
 */
export function collapseFileMounts(
  volumes: Volume[],
  mounts: VolumeMount[],
  counter: { next: number },
): { volumes: Volume[]; mounts: VolumeMount[] } {
  const outVolumes: Volume[] = [];
  const outMounts: VolumeMount[] = [];
  const groups = new Map<string, { volume: Volume; mount: VolumeMount }[]>();
  for (const mount of mounts) {
    const volume = volumes.find((v) => v.name === mount.name);
    if (volume === undefined) outMounts.push(mount);
    else if (volume.configMap !== undefined || volume.secret !== undefined) {
      groups.set(mount.mountPath, [...(groups.get(mount.mountPath) ?? []), { volume, mount }]);
    } else {
      outMounts.push(mount);
      outVolumes.push(volume);
    }
  }
  for (const dir of [...groups.keys()].sort()) {
    const group = groups.get(dir)!;
    if (group.length === 1) {
      outVolumes.push(group[0]!.volume);
      outMounts.push(group[0]!.mount);
      continue;
    }
    const sources = group.map(({ volume }) =>
      volume.configMap !== undefined
        ? { configMap: { name: volume.configMap.name, items: volume.configMap.items } }
        : { secret: { name: volume.secret!.secretName, items: volume.secret!.items } },
    );
    const name = `proj-vol-${counter.next++}`;
    outVolumes.push({ name, projected: { sources } });
    outMounts.push({ name, mountPath: dir, readOnly: true });
  }
  return { volumes: outVolumes, mounts: outMounts };
}
