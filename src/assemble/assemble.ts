import { userError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { bindingsFor, type ProvisionResult } from '../provisioners/provision.js';
import type { State } from '../state/types.js';
import { convertWorkload, type ConvertResult } from '../convert/workload.js';
import { applyPatchTemplate } from './patch.js';
import { applyPublish, hostReachablePublish, makePortsEphemeral } from './publish.js';
import type { ComposeProject, ComposeService } from '../compose/types.js';
import { addWaitForResources, dependOnResources, dependOnWaitForResources } from './wait-for-resources.js';
import { addReadinessWaits, serviceReferences, type WorkloadServiceNames } from './wait-for-readiness.js';

/** Inputs to turn provisioned state into one compose project. */
export interface AssembleInput {
  state: State;
  provisioned: ProvisionResult;
  projectDir: string;
  publish: string[];
  /** Also publish every service port and resource address for the host (see hostReachablePublish). */
  publishForHost?: boolean;
  /** Leave every host port to the engine (see makePortsEphemeral). */
  ephemeralPorts?: boolean;
  /** Workloads depend on the resource services themselves, with no `wait-for-resources` (see dependOnResources). */
  directDependencies?: boolean;
  /** Reads a file source confined to `root`, the Score file's directory (see convert/file-content.ts). */
  readFile: (absPath: string, root: string) => Buffer;
  logger: Logger;
}

/** The project plus the workload files to mount. */
export interface AssembleResult {
  project: ComposeProject;
  mountFiles: ConvertResult['mountFiles'];
}

/**
 * Builds the compose project in the reference's order: resource services and
 * wait-for-resources, every workload converted (then the waits for readiness services across
 * workloads), patch templates, then `--publish`, then (ephemeral ports) no fixed host port.
 */
export async function assembleProject(input: AssembleInput): Promise<AssembleResult> {
  const { state, provisioned, logger } = input;
  let services: Record<string, ComposeService> = { ...provisioned.services };
  const resourceServices = Object.keys(provisioned.services);
  const direct = input.directDependencies === true;
  if (resourceServices.length > 0 && !direct) services = addWaitForResources(services, resourceServices);
  const mountFiles: ConvertResult['mountFiles'] = [];
  const serviceNames: Record<string, WorkloadServiceNames> = {};
  const declaredVolumes = Object.keys(provisioned.volumes);
  const resourceByUid = (uid: string) => {
    const r = state.resources[uid];
    return r ? { uid, outputs: r.outputs ?? {} } : undefined;
  };
  for (const name of Object.keys(state.workloads).sort()) {
    const stored = state.workloads[name]!;
    logger.info(`Converting workload '${name}' to Docker compose`);
    const converted: ConvertResult = convertWorkload({
      workload: stored.spec,
      ...(stored.file === undefined ? {} : { scoreFile: stored.file }),
      projectDir: input.projectDir,
      ...(stored.build_configs ? { buildConfigs: stored.build_configs } : {}),
      resources: bindingsFor(state, name, provisioned.environment),
      resourceByUid,
      declaredVolumes,
      mountsDirectory: state.mounts_directory,
      readFile: input.readFile,
    });
    converted.logs.forEach((l) => logger.info(l));
    converted.warnings.forEach((w) => logger.warn(w));
    const readiness = converted.readinessServices;
    serviceNames[name] = {
      containers: Object.keys(converted.services).filter((s) => !readiness.includes(s)),
      readiness,
    };
    let workloadServices = converted.services;
    if (direct) workloadServices = dependOnResources(workloadServices, provisioned.services, readiness);
    else if (resourceServices.length > 0) workloadServices = dependOnWaitForResources(workloadServices, readiness);
    const models = provisioned.workloadModels[name] ?? [];
    for (const [serviceName, service] of Object.entries(workloadServices)) {
      if (serviceName in services) {
        throw userError(
          'convert',
          `failed to add converted workload '${name}': duplicate service name '${serviceName}'`,
        );
      }
      services[serviceName] =
        models.length > 0 && !readiness.includes(serviceName)
          ? { ...service, models: Object.fromEntries(models.map((m) => [m, {}])) }
          : service;
    }
    mountFiles.push(...converted.mountFiles);
  }
  const waits = addReadinessWaits(services, serviceNames, serviceReferences(state));
  waits.warnings.forEach((w) => logger.warn(w));
  services = waits.services;
  let project: ComposeProject = {
    name: state.compose_project,
    services,
    ...(Object.keys(provisioned.networks).length > 0 ? { networks: provisioned.networks } : {}),
    ...(Object.keys(provisioned.volumes).length > 0 ? { volumes: provisioned.volumes } : {}),
    ...(Object.keys(provisioned.models).length > 0 ? { models: provisioned.models } : {}),
  };
  const workloads = Object.fromEntries(Object.entries(state.workloads).map(([n, w]) => [n, w.spec]));
  for (const [index, template] of state.patching_templates.entries()) {
    logger.info(`Applying patching template ${index + 1}`);
    const patched = await applyPatchTemplate(project, workloads, template, index + 1);
    patched.logs.forEach((l) => logger.info(l));
    project = patched.project;
  }
  const publish = [
    ...input.publish,
    ...(input.publishForHost === true ? hostReachablePublish(state, new Set(Object.keys(project.services))) : []),
  ];
  if (publish.length > 0) {
    const resources = Object.entries(state.resources).map(([uid, r]) => ({
      uid,
      type: r.type,
      class: r.class,
      id: r.id,
      outputs: r.outputs ?? {},
    }));
    const published = applyPublish(project, publish, { workloads: Object.keys(state.workloads), resources });
    published.logs.forEach((l) => logger.info(l));
    project = published.project;
  }
  if (input.ephemeralPorts === true) {
    const ephemeral = makePortsEphemeral(project);
    ephemeral.logs.forEach((l) => logger.info(l));
    project = ephemeral.project;
  }
  return { project, mountFiles };
}
