// Networks and volumes of a project: reuse what exists (by exact name), create the rest with
// compose's labels, and require external ones to exist.

import type { ComposeNetwork, ComposeProject, ComposeVolume } from '../../compose/types.js';
import { ScoreComposeError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { ContainerRuntime, NetworkCreateBody } from '../engine/container-runtime.js';
import { isConflict } from '../engine/container-runtime.js';
import { networkLabels, volumeLabels, LABEL_PROJECT } from '../identity/labels.js';
import { networkName, volumeName } from '../identity/names.js';
import { serviceNetworkKeys } from './project-checks.js';

const NETWORK_FIELDS = new Set([
  'name',
  'driver',
  'driver_opts',
  'external',
  'labels',
  'internal',
  'attachable',
  'enable_ipv6',
]);
const VOLUME_FIELDS = new Set(['name', 'driver', 'driver_opts', 'external', 'labels']);

function checkFields(
  kind: 'network' | 'volume',
  key: string,
  obj: Record<string, unknown>,
  allowed: Set<string>,
): void {
  for (const field of Object.keys(obj).sort()) {
    if (!allowed.has(field) && !field.startsWith('x-')) {
      throw new ScoreComposeError(
        'runtime',
        `${kind} "${key}": field '${field}' is not supported by the built-in runtime`,
        {
          hint: 'run this project with `docker compose` instead, or remove the field',
        },
      );
    }
  }
}

/** Network keys the project needs: declared ones plus `default` when a service uses it. */
export function projectNetworkKeys(project: ComposeProject): string[] {
  const keys = new Set(Object.keys(project.networks ?? {}));
  for (const svc of Object.values(project.services)) for (const k of serviceNetworkKeys(svc)) keys.add(k);
  return [...keys].sort();
}

async function findNetwork(runtime: ContainerRuntime, name: string): Promise<string | undefined> {
  // The engine's name filter matches substrings: compare exactly.
  const found = (await runtime.listNetworks({ name: [name] })).find((n) => n.Name === name);
  return found?.Id;
}

/** Creates or reuses every project network. Returns engine name → id. */
export async function ensureNetworks(
  runtime: ContainerRuntime,
  projectName: string,
  project: ComposeProject,
  logger: Logger,
  workingDir?: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const key of projectNetworkKeys(project)) {
    const net: ComposeNetwork = project.networks?.[key] ?? {};
    checkFields('network', key, net, NETWORK_FIELDS);
    const name = networkName(projectName, key, net);
    const existing = await findNetwork(runtime, name);
    if (existing !== undefined) {
      ids.set(name, existing);
      continue;
    }
    if (net.external === true) {
      throw new ScoreComposeError('runtime', `network ${name} declared as external, but could not be found`, {
        hint: `create it first with \`docker network create ${name}\``,
      });
    }
    const body: NetworkCreateBody = {
      Name: name,
      Driver: net.driver ?? 'bridge',
      Labels: networkLabels(projectName, key, net.labels, workingDir),
      CheckDuplicate: true,
    };
    if (net.driver_opts !== undefined) body.Options = net.driver_opts as Record<string, string>;
    if (net.internal === true) body.Internal = true;
    if (net.attachable === true) body.Attachable = true;
    if (net.enable_ipv6 === true) body.EnableIPv6 = true;
    try {
      const { Id } = await runtime.createNetwork(body);
      ids.set(name, Id);
      logger.info(`Network ${name}  Created`);
    } catch (err) {
      // A concurrent run created it first: that is success.
      if (!isConflict(err)) throw err;
      const id = await findNetwork(runtime, name);
      if (id === undefined) throw err;
      ids.set(name, id);
    }
  }
  return ids;
}

/** Creates or reuses every declared volume. */
export async function ensureVolumes(
  runtime: ContainerRuntime,
  projectName: string,
  project: ComposeProject,
  logger: Logger,
  workingDir?: string,
): Promise<void> {
  for (const key of Object.keys(project.volumes ?? {}).sort()) {
    const vol: ComposeVolume = project.volumes?.[key] ?? {};
    checkFields('volume', key, vol ?? {}, VOLUME_FIELDS);
    const name = volumeName(projectName, key, vol);
    const existing = (await runtime.listVolumes({ name: [name] })).find((v) => v.Name === name);
    if (existing !== undefined) {
      const owner = existing.Labels[LABEL_PROJECT];
      if (owner !== undefined && owner !== projectName)
        logger.debug(`volume ${name} belongs to project ${owner}; reusing it`);
      continue;
    }
    if (vol?.external === true) {
      throw new ScoreComposeError('runtime', `external volume "${name}" not found`, {
        hint: `create it first with \`docker volume create ${name}\``,
      });
    }
    await runtime.createVolume({
      Name: name,
      Driver: vol?.driver ?? 'local',
      DriverOpts: (vol?.driver_opts ?? {}) as Record<string, string>,
      Labels: volumeLabels(projectName, key, vol?.labels, workingDir),
    });
    logger.info(`Volume ${name}  Created`);
  }
}
