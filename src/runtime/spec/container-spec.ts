// PURE mapping of one compose service to the Engine's create body (`POST /containers/create`).
// The project is already interpolated; unsupported fields fail here, before anything is created.

import type { ComposeProject, ComposeService } from '../../compose/types.js';
import { ScoreComposeError } from '../../common/errors.js';
import type { ContainerCreateBody, EndpointSettings, HostConfig } from '../engine/container-runtime.js';
import { compareVersions } from '../../common/compare-versions.js';
import { containerLabels } from '../identity/labels.js';
import { containerName, networkName, serviceImage } from '../identity/names.js';
import { networkModeService, serviceNetworkKeys } from '../up/project-checks.js';
import {
  asList,
  bytesOrThrow,
  commandList,
  mapEnvironment,
  mapExtraHosts,
  mapHealthcheck,
  mapLogging,
  mapResources,
  mapRestart,
  mapSysctls,
  mapTmpfs,
  mapUlimits,
  stopTimeoutSeconds,
} from './fields.js';
import { mapVolumes } from './mounts.js';
import { mapPorts } from './ports.js';
import { checkSupportedFields } from './support.js';

/** Everything besides the service that the mapping needs. */
export interface SpecContext {
  /** Normalised project name. */
  projectName: string;
  project: ComposeProject;
  /** Absolute project directory: relative bind sources resolve against it. */
  projectDir: string;
  configFiles: string[];
  /** Negotiated Engine API version (feature gates). */
  apiVersion: string;
  configHash: string;
  /** Digest of the files a one-shot service mounts (only for one-shots). */
  mountedContent?: string;
  /** Id of the image the container will run (com.docker.compose.image). */
  imageId?: string;
  /** Container id of another service, for `network_mode: service:x`. */
  containerIdOf: (service: string) => string | undefined;
  /** Value of a bare `environment` key (the shell environment). */
  lookupEnv?: (name: string) => string | undefined;
  homeDir?: string;
}

/** The result: create call inputs plus what must happen around it. */
export interface ContainerSpec {
  name: string;
  body: ContainerCreateBody;
  platform?: string;
  /** Networks to connect after create (API < 1.44 takes only one endpoint at create). */
  extraNetworks: { network: string; endpoint: EndpointSettings }[];
  /** Debug notes about what was adjusted (dropped annotations, …). */
  notes: string[];
}

function setIf<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}

function endpointFor(serviceName: string, svc: ComposeService, key: string): EndpointSettings {
  const raw: unknown = Array.isArray(svc.networks) ? undefined : svc.networks?.[key];
  const cfg = (raw ?? {}) as {
    aliases?: unknown;
    ipv4_address?: unknown;
    ipv6_address?: unknown;
    mac_address?: unknown;
  };
  // The hostname is an explicit alias so other workloads reach `<workload>:<port>` on any engine.
  const aliases = [serviceName, ...(svc.hostname === undefined ? [] : [svc.hostname]), ...(asList(cfg.aliases) ?? [])];
  const ep: EndpointSettings = { Aliases: [...new Set(aliases)] };
  if (typeof cfg.ipv4_address === 'string' || typeof cfg.ipv6_address === 'string') {
    ep.IPAMConfig = {};
    if (typeof cfg.ipv4_address === 'string') ep.IPAMConfig.IPv4Address = cfg.ipv4_address;
    if (typeof cfg.ipv6_address === 'string') ep.IPAMConfig.IPv6Address = cfg.ipv6_address;
  }
  if (typeof cfg.mac_address === 'string') ep.MacAddress = cfg.mac_address;
  return ep;
}

function networkPriority(svc: ComposeService, key: string): number {
  const raw: unknown = Array.isArray(svc.networks) ? undefined : svc.networks?.[key];
  const p = (raw as { priority?: unknown } | null | undefined)?.priority;
  return typeof p === 'number' ? p : 0;
}

/** Builds the create body for one service. Throws ScoreComposeError for unsupported or invalid fields. */
export function buildContainerSpec(serviceName: string, svc: ComposeService, ctx: SpecContext): ContainerSpec {
  checkSupportedFields(serviceName, svc);
  const notes: string[] = [];
  const p = ctx.projectName;
  const host: HostConfig = {};
  const body: ContainerCreateBody = { Image: serviceImage(p, serviceName, svc), HostConfig: host };
  const extraNetworks: ContainerSpec['extraNetworks'] = [];

  setIf(body, 'Entrypoint', commandList(svc.entrypoint));
  setIf(body, 'Cmd', commandList(svc.command));
  setIf(body, 'Env', mapEnvironment(svc.environment, ctx.lookupEnv ?? (() => undefined)));
  setIf(body, 'User', svc.user);
  setIf(body, 'WorkingDir', svc.working_dir);
  setIf(body, 'Domainname', svc.domainname as string | undefined);
  setIf(body, 'Tty', svc.tty as boolean | undefined);
  setIf(body, 'OpenStdin', svc.stdin_open as boolean | undefined);
  setIf(body, 'StopSignal', svc.stop_signal as string | undefined);
  setIf(body, 'StopTimeout', stopTimeoutSeconds(serviceName, svc.stop_grace_period));
  body.Labels = containerLabels({
    project: p,
    service: serviceName,
    configHash: ctx.configHash,
    ...(ctx.mountedContent === undefined ? {} : { mountedContent: ctx.mountedContent }),
    ...(ctx.imageId === undefined ? {} : { imageId: ctx.imageId }),
    ...(svc.depends_on === undefined ? {} : { dependsOn: svc.depends_on }),
    workingDir: ctx.projectDir,
    configFiles: ctx.configFiles,
    ...(svc.labels === undefined ? {} : { userLabels: svc.labels }),
  });

  const hc = mapHealthcheck(serviceName, svc.healthcheck, compareVersions(ctx.apiVersion, '1.44') >= 0);
  setIf(body, 'Healthcheck', hc.config);
  if (hc.note !== undefined) notes.push(hc.note);

  const ports = mapPorts(serviceName, svc.ports as unknown[] | undefined, svc.expose as unknown[] | undefined);
  const mounts = mapVolumes(serviceName, svc.volumes as unknown[] | undefined, {
    project: p,
    projectDir: ctx.projectDir,
    apiVersion: ctx.apiVersion,
    volumes: ctx.project.volumes,
    ...(ctx.homeDir === undefined ? {} : { homeDir: ctx.homeDir }),
  });
  if (mounts.binds.length > 0) host.Binds = mounts.binds;
  if (mounts.mounts.length > 0) host.Mounts = mounts.mounts;

  const parent = networkModeService(svc);
  if (parent !== undefined) {
    const id = ctx.containerIdOf(parent);
    if (id === undefined) {
      throw new ScoreComposeError(
        'runtime',
        `service "${serviceName}" uses network_mode service:${parent}, but service "${parent}" has no container`,
      );
    }
    host.NetworkMode = `container:${id}`;
    // The engine refuses a hostname and published ports in another container's network namespace.
    if (svc.hostname !== undefined)
      notes.push(`service "${serviceName}": hostname ignored with network_mode service:${parent}`);
    if (Object.keys(ports.bindings).length > 0) {
      throw new ScoreComposeError(
        'runtime',
        `service "${serviceName}": ports cannot be published with network_mode service:${parent}`,
        {
          hint: `publish the ports on service "${parent}" instead`,
        },
      );
    }
  } else {
    setIf(body, 'Hostname', svc.hostname);
    if (Object.keys(ports.exposed).length > 0) body.ExposedPorts = ports.exposed;
    if (Object.keys(ports.bindings).length > 0) host.PortBindings = ports.bindings;
    if (svc.network_mode !== undefined) {
      host.NetworkMode = svc.network_mode;
    } else {
      const keys = serviceNetworkKeys(svc).sort(
        (a, b) => networkPriority(svc, b) - networkPriority(svc, a) || (a < b ? -1 : a > b ? 1 : 0),
      );
      const [primary, ...rest] = keys;
      if (primary !== undefined) {
        const primaryName = networkName(p, primary, ctx.project.networks?.[primary]);
        host.NetworkMode = primaryName;
        body.NetworkingConfig = { EndpointsConfig: { [primaryName]: endpointFor(serviceName, svc, primary) } };
      }
      for (const key of rest)
        extraNetworks.push({
          network: networkName(p, key, ctx.project.networks?.[key]),
          endpoint: endpointFor(serviceName, svc, key),
        });
    }
  }

  setIf(host, 'RestartPolicy', mapRestart(serviceName, svc.restart));
  setIf(host, 'CapAdd', svc.cap_add);
  setIf(host, 'CapDrop', svc.cap_drop);
  setIf(host, 'Privileged', svc.privileged);
  setIf(host, 'ReadonlyRootfs', svc.read_only);
  setIf(host, 'Init', svc.init as boolean | undefined);
  setIf(host, 'ExtraHosts', mapExtraHosts(svc.extra_hosts));
  setIf(host, 'Ulimits', mapUlimits(serviceName, svc.ulimits));
  setIf(host, 'Sysctls', mapSysctls(svc.sysctls));
  setIf(host, 'SecurityOpt', asList(svc.security_opt));
  setIf(host, 'ShmSize', bytesOrThrow(serviceName, 'shm_size', svc.shm_size));
  setIf(host, 'Dns', asList(svc.dns));
  setIf(host, 'DnsSearch', asList(svc.dns_search));
  setIf(host, 'DnsOptions', asList(svc.dns_opt));
  setIf(host, 'Tmpfs', mapTmpfs(svc.tmpfs));
  setIf(host, 'LogConfig', mapLogging(svc.logging));
  setIf(host, 'GroupAdd', asList(svc.group_add));
  Object.assign(host, mapResources(serviceName, svc));
  if (svc.annotations !== undefined) {
    if (compareVersions(ctx.apiVersion, '1.43') >= 0) host.Annotations = svc.annotations;
    else
      notes.push(
        `service "${serviceName}": annotations need Engine API 1.43, the engine speaks ${ctx.apiVersion}; dropped`,
      );
  }

  const spec: ContainerSpec = { name: containerName(p, serviceName, svc), body, extraNetworks, notes };
  if (typeof svc.platform === 'string') spec.platform = svc.platform;
  return spec;
}
