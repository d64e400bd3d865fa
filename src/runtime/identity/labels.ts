// The `com.docker.compose.*` labels docker compose writes. Writing the same set makes
// `docker compose ps/down/ls` see our stacks, and lets our `down` work on theirs.

import type { ComposeDependency } from '../../compose/types.js';

/** Project name on containers, networks and volumes. */
export const LABEL_PROJECT = 'com.docker.compose.project';
/** Service name on containers. */
export const LABEL_SERVICE = 'com.docker.compose.service';
/** Replica number (`1`…) on containers. */
export const LABEL_CONTAINER_NUMBER = 'com.docker.compose.container-number';
/** `False` for `up` containers, `True` for `compose run` ones. */
export const LABEL_ONEOFF = 'com.docker.compose.oneoff';
/** Hash of the service config; compose selects its containers by the presence of this label. */
export const LABEL_CONFIG_HASH = 'com.docker.compose.config-hash';
/** Ours: digest of the files a one-shot service mounts from .score-compose/mounts (mount-digest.ts). */
export const LABEL_MOUNTED_CONTENT = 'dev.score-compose-ts.mounted-content';
/** Image id the container was created from. */
export const LABEL_IMAGE = 'com.docker.compose.image';
/** Tool version that created the container. */
export const LABEL_VERSION = 'com.docker.compose.version';
/** `dep:condition:restart,…`; lets `down` order removal without the compose file. */
export const LABEL_DEPENDS_ON = 'com.docker.compose.depends_on';
/** Project directory (compose puts it on containers; we also put it on networks and volumes: identity/checkout.ts). */
export const LABEL_WORKING_DIR = 'com.docker.compose.project.working_dir';
/** Comma-separated compose files; `docker compose ls` fails without it. */
export const LABEL_CONFIG_FILES = 'com.docker.compose.project.config_files';
/** Network key in the compose file. */
const LABEL_NETWORK = 'com.docker.compose.network';
/** Volume key in the compose file. */
export const LABEL_VOLUME = 'com.docker.compose.volume';

/** What we write into com.docker.compose.version (compose ignores the value). */
export const RUNTIME_VERSION = 'score-compose-ts/0.1.0';

/** Inputs of containerLabels. */
export interface ContainerLabelInput {
  project: string;
  service: string;
  number?: number;
  configHash: string;
  /** Set on one-shot services only. */
  mountedContent?: string;
  imageId?: string;
  dependsOn?: Record<string, ComposeDependency>;
  workingDir: string;
  configFiles: string[];
  /** The service's own `labels:`; compose's labels win on a clash. */
  userLabels?: Record<string, string>;
}

/** The full label set of a service container: user labels first, compose labels over them. */
export function containerLabels(input: ContainerLabelInput): Record<string, string> {
  const labels: Record<string, string> = { ...(input.userLabels ?? {}) };
  labels[LABEL_PROJECT] = input.project;
  labels[LABEL_SERVICE] = input.service;
  labels[LABEL_CONTAINER_NUMBER] = String(input.number ?? 1);
  labels[LABEL_ONEOFF] = 'False';
  labels[LABEL_CONFIG_HASH] = input.configHash;
  if (input.mountedContent !== undefined) labels[LABEL_MOUNTED_CONTENT] = input.mountedContent;
  if (input.imageId !== undefined) labels[LABEL_IMAGE] = input.imageId;
  labels[LABEL_VERSION] = RUNTIME_VERSION;
  labels[LABEL_DEPENDS_ON] = formatDependsOn(input.dependsOn ?? {});
  labels[LABEL_WORKING_DIR] = input.workingDir;
  labels[LABEL_CONFIG_FILES] = input.configFiles.join(',');
  return labels;
}

/** The working-dir label, when the directory is known. */
const workingDirLabel = (workingDir: string | undefined): Record<string, string> =>
  workingDir === undefined ? {} : { [LABEL_WORKING_DIR]: workingDir };

/** Labels of a project network or volume (`kind` its key label); `workingDir` records which checkout created it. */
function objectLabels(
  kind: string,
  project: string,
  key: string,
  userLabels: Record<string, string>,
  workingDir: string | undefined,
): Record<string, string> {
  return {
    ...userLabels,
    [LABEL_PROJECT]: project,
    [kind]: key,
    [LABEL_VERSION]: RUNTIME_VERSION,
    ...workingDirLabel(workingDir),
  };
}

/** Labels of a project network. */
export const networkLabels = (
  project: string,
  key: string,
  userLabels: Record<string, string> = {},
  workingDir?: string,
) => objectLabels(LABEL_NETWORK, project, key, userLabels, workingDir);

/** Labels of a project volume. */
export const volumeLabels = (
  project: string,
  key: string,
  userLabels: Record<string, string> = {},
  workingDir?: string,
) => objectLabels(LABEL_VOLUME, project, key, userLabels, workingDir);

/** `db:service_healthy:false,init:service_completed_successfully:false`, sorted by service. */
export function formatDependsOn(deps: Record<string, ComposeDependency>): string {
  return Object.keys(deps)
    .sort()
    .map((name) => {
      const d = deps[name] as ComposeDependency;
      return `${name}:${d.condition}:${d.restart === true ? 'true' : 'false'}`;
    })
    .join(',');
}

/** The service names in a depends_on label (compose's format, tolerant of missing parts). */
export function parseDependsOn(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((entry) => (entry.split(':')[0] ?? '').trim())
    .filter((name) => name !== '');
}

/** Label filter for every object of a project. */
export function projectFilter(project: string): string {
  return `${LABEL_PROJECT}=${project}`;
}
