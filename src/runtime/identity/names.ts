// Engine object names, the way compose v2 spells them: containers `<project>-<service>-<n>`, networks and volumes
// `<project>_<key>`.

import type { ComposeNetwork, ComposeService, ComposeVolume } from '../../compose/types.js';

export { normaliseProjectName } from '../../compose/project-name.js';

/** A volume the engine named itself (an image's VOLUME, mounted without a name). */
export function isAnonymousVolume(name: string | undefined): name is string {
  return name !== undefined && /^[0-9a-f]{64}$/.test(name);
}

/** `<project>-<service>-<n>`, or the service's `container_name`. */
export function containerName(project: string, serviceName: string, service?: ComposeService, number = 1): string {
  if (service?.container_name !== undefined) return service.container_name;
  return `${project}-${serviceName}-${number}`;
}

/** The temporary name of a replacement container during recreate. */
export function temporaryContainerName(oldId: string, finalName: string): string {
  return `${oldId.slice(0, 12)}_${finalName}`;
}

/** `<project>_<key>` unless `name:` is set; external networks use their name or key verbatim. */
export function networkName(project: string, key: string, network?: ComposeNetwork | null): string {
  if (network?.name !== undefined) return network.name;
  if (network?.external === true) return key;
  return `${project}_${key}`;
}

/** `<project>_<key>` unless `name:` is set; external volumes use their name or key verbatim. */
export function volumeName(project: string, key: string, volume?: ComposeVolume | null): string {
  if (volume?.name !== undefined) return volume.name;
  if (volume?.external === true) return key;
  return `${project}_${key}`;
}

/** The image of a build-only service. */
export function builtImageName(project: string, serviceName: string): string {
  return `${project}-${serviceName}`;
}

/** The image a service runs: `image:`, or the build-only name. */
export function serviceImage(project: string, serviceName: string, service: ComposeService): string {
  return service.image ?? builtImageName(project, serviceName);
}
