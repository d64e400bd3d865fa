// One validated workload → its compose services, one per container, named `<workload>-<container>`.
// Pure apart from reading `files[].source` through the injected readFile.
import * as path from 'node:path';
import { ScoreComposeError } from '../common/errors.js';
import { interpolationProblem } from '../compose/interpolation-syntax.js';
import { encodeSortedJson } from '../placeholders/encode-json.js';
import { escapeAllDollars, escapeDollarsForCompose } from '../placeholders/escape-dollars.js';
import { splitReference } from '../placeholders/lex.js';
import { createResolver, UnresolvedReference } from '../placeholders/resolve.js';
import { substituteString } from '../placeholders/substitute.js';
import type { ResourceBinding, ResourceBindings, Resolver } from '../placeholders/types.js';
import type { Container, Workload } from '../score/types.js';
import type { ComposeBuild, ComposeService, ComposeServiceVolume } from '../compose/types.js';
import { fieldError, rethrowAt } from './convert-error.js';
import { choosePrimaryContainer, convertBefore, isInitContainer, startsBeforePrimary } from './depends.js';
import { convertFiles, planMountFileNames, type FilesContext, type MountFile } from './files.js';
import { convertProbes } from './probes.js';
import { readinessService, readinessServiceName, type HttpProbe } from './readiness.js';
import { convertResources } from './limits.js';
import { convertVolumes, type VolumesContext } from './volumes.js';
import { WORKLOAD_NAME_ANNOTATION } from '../compose/annotations.js';
import { isRecord } from '../common/is-record.js';

export type { MountFile } from './files.js';

/** Everything converting one workload needs. */
export interface ConvertInput {
  workload: Workload;
  /** The Score file path as given, relative to projectDir; file sources are relative to its directory. */
  scoreFile?: string;
  projectDir: string;
  /** Per container: `--build` configs stored for this workload. */
  buildConfigs?: Record<string, ComposeBuild>;
  /** The workload's resources by the name it gave them. */
  resources: ResourceBindings;
  /** Any resource of the project by uid, for volume sources that spell a uid out. */
  resourceByUid?: (uid: string) => ResourceBinding | undefined;
  /** Names of top-level compose volumes (from provisioners) a plain volume source may use. */
  declaredVolumes?: readonly string[];
  /** Relative to projectDir, e.g. `.score-compose/mounts`. */
  mountsDirectory: string;
  /** Reads a file source confined to `root`, the Score file's directory; throws Node errno errors or PathRefused. */
  readFile: (absPath: string, root: string) => Buffer;
}

/** The services of one workload, the files their mounts need, and what to tell the user. */
export interface ConvertResult {
  services: Record<string, ComposeService>;
  /** Files to write (path relative to projectDir) before compose runs. */
  mountFiles: MountFile[];
  /** Lines for `WARN:`. */
  warnings: string[];
  /** Lines for `INFO:` (e.g. build config overrides). */
  logs: string[];
  /** The readiness services among `services` (one per honoured httpGet probe), sorted. */
  readinessServices: string[];
}

/** Converts one workload; failures are ScoreComposeError('convert') naming the workload and field. */
export function convertWorkload(input: ConvertInput): ConvertResult {
  const name = input.workload.metadata.name;
  try {
    return convert(input);
  } catch (err) {
    if (!(err instanceof ScoreComposeError)) throw err;
    throw new ScoreComposeError('convert', `failed to convert workload '${name}' to Docker compose: ${err.message}`, {
      hint: err.hint,
      details: err.details,
      detailHints: err.detailHints,
      cause: err,
    });
  }
}

function convert(input: ConvertInput): ConvertResult {
  const { workload } = input;
  const workloadName = workload.metadata.name;
  const containers = workload.containers ?? {};
  const metadata = workload.metadata as Record<string, unknown>;
  const deferred = createResolver({ metadata, resources: input.resources, env: 'deferred' });
  const immediate = createResolver({ metadata, resources: input.resources, env: 'immediate' });
  const filesCtx: FilesContext = {
    workloadName,
    scoreDir: input.scoreFile === undefined ? '.' : path.dirname(input.scoreFile),
    projectDir: input.projectDir,
    readFile: input.readFile,
    mountsDirectory: input.mountsDirectory,
    resolve: immediate,
    names: planMountFileNames(workloadName, containers),
  };
  const volumesCtx: VolumesContext = {
    workload,
    resources: input.resources,
    resolve: deferred,
    declaredVolumes: input.declaredVolumes ?? [],
    ...(input.resourceByUid ? { resourceByUid: input.resourceByUid } : {}),
  };
  const primary = choosePrimaryContainer(containers);
  const annotations = buildAnnotations(workload);
  const result: ConvertResult = { services: {}, mountFiles: [], warnings: [], logs: [], readinessServices: [] };
  const withHealthcheck = new Set<string>();
  const httpProbes = new Map<string, HttpProbe>();

  for (const containerName of Object.keys(containers).sort()) {
    const container = containers[containerName] as Container;
    const service: ComposeService = { annotations: { ...annotations } };
    const build = input.buildConfigs?.[containerName];
    if (build !== undefined) {
      service.build = structuredClone(build);
      result.logs.push(`containers.${containerName}: overriding container build config to context=${build.context}`);
    } else service.image = checkImage(containerName, container.image);
    if (container.command?.length) service.entrypoint = container.command.map(escapeDollarsForCompose);
    if (container.args?.length) service.command = container.args.map(escapeDollarsForCompose);
    const environment = convertVariables(containerName, container, variableResolver(deferred, input.resources));
    if (environment !== undefined) service.environment = environment;

    const volumes: ComposeServiceVolume[] = convertVolumes(volumesCtx, containerName, container.volumes);
    const files = convertFiles(filesCtx, containerName, container.files);
    volumes.push(...files.mounts);
    result.mountFiles.push(...files.mountFiles);
    if (volumes.length > 0) service.volumes = sortBySource(volumes).map(escapeMount);

    const deploy = convertResources(containerName, container);
    if (deploy !== undefined) service.deploy = deploy;
    const probes = convertProbes(containerName, container);
    result.warnings.push(...probes.warnings);
    if (probes.healthcheck !== undefined) {
      service.healthcheck = probes.healthcheck;
      withHealthcheck.add(containerName);
    }
    if (probes.httpProbe !== undefined) {
      // An init container runs and exits: nothing waits for it to answer, and its namespace goes away.
      if (isInitContainer(container)) {
        result.warnings.push(`${probes.httpProbe.field}: httpGet probe of an init container: not checked - ignoring`);
      } else httpProbes.set(containerName, probes.httpProbe);
    }

    // The primary container answers to the workload name; the others share its network
    // namespace like a pod, except init containers, which exit and would take it down, and
    // containers that must be ready before the primary starts.
    if (containerName === primary) service.hostname = workloadName;
    else if (!isInitContainer(container) && !startsBeforePrimary(containers, containerName, primary)) {
      service.network_mode = `service:${workloadName}-${primary}`;
    }
    result.services[`${workloadName}-${containerName}`] = service;
  }

  // Each honoured httpGet probe: a readiness service in the probed container's network namespace.
  const readiness = new Map<string, string>();
  for (const [containerName, probe] of httpProbes) {
    const serviceName = `${workloadName}-${containerName}`;
    const mode = result.services[serviceName]?.network_mode;
    const networkOwner = mode === undefined ? serviceName : mode.slice('service:'.length);
    const name = readinessServiceName(serviceName);
    readiness.set(containerName, name);
    result.services[name] = readinessService({ service: serviceName, networkOwner, probe });
    result.readinessServices.push(name);
  }
  result.readinessServices.sort();

  const dependsOn = convertBefore(workloadName, containers, withHealthcheck, readiness);
  for (const [serviceName, deps] of Object.entries(dependsOn)) {
    const service = result.services[serviceName];
    if (service !== undefined) service.depends_on = { ...service.depends_on, ...deps };
  }
  return result;
}

/**
 * The image as written: compose interpolates it, and the reference leaves `${TAG}` there for
 * compose (a Score placeholder is not substituted in an image). One compose would reject fails here.
 */
function checkImage(containerName: string, image: string): string {
  const problem = interpolationProblem(image);
  if (problem === undefined) return image;
  throw fieldError(
    `containers.${containerName}.image`,
    `docker compose would reject the image: ${problem}`,
    'compose reads `${NAME}` in an image as a variable of its own; write $$ for a literal $',
  );
}

/** What compose can interpolate as a variable: `${NAME}` reads all of it as the name. */
const COMPOSE_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Placeholders in `variables`, as compose must read them. A resource output or a metadata value is
 * data: every `$` in it is doubled, so the container gets it byte for byte (`${HOME}` in a password
 * stays `${HOME}`). An environment resource's deferred `${NAME}` is left for compose to
 * interpolate, so NAME must be a whole variable name for compose (`${my-var}` would read `my`
 * with the default `var`).
 */
function variableResolver(resolve: Resolver, resources: ResourceBindings): Resolver {
  return (ref) => {
    const value = resolve(ref);
    const [root, name, ...keys] = splitReference(ref);
    if (root === 'resources' && name !== undefined && keys.length > 0 && resources(name)?.env !== undefined) {
      const key = keys.join('.');
      if (!COMPOSE_VARIABLE.test(key)) {
        throw new UnresolvedReference(
          ref,
          `invalid ref '${ref}': '${key}' is not a variable name docker compose can interpolate`,
          "an environment variable read through compose is letters, digits and '_', not starting with a digit",
        );
      }
      return value;
    }
    return escapeAllDollars(typeof value === 'string' ? value : encodeSortedJson(value));
  };
}

/** `variables` → `environment`: resolved placeholders escaped for compose, the text around them and `$$` kept. */
function convertVariables(
  containerName: string,
  container: Container,
  resolve: Resolver,
): Record<string, string> | undefined {
  const keys = Object.keys(container.variables ?? {}).sort();
  if (keys.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const key of keys) {
    const raw = container.variables?.[key];
    const value = typeof raw === 'string' ? raw : String(raw);
    try {
      env[key] = substituteString(value, resolve, 'keep');
    } catch (err) {
      rethrowAt(`containers.${containerName}.variables.${key}`, err);
    }
  }
  return env;
}

/** The workload's annotations (data: every `$` escaped for compose) plus the workload-name annotation. */
function buildAnnotations(workload: Workload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(workload.metadata.annotations ?? {}))
    out[k] = escapeAllDollars(typeof v === 'string' ? v : String(v));
  out[WORKLOAD_NAME_ANNOTATION] = workload.metadata.name;
  return out;
}

/** A mount's strings (paths, volume names, options) are data: every `$` doubled for compose. */
function escapeMount(volume: ComposeServiceVolume): ComposeServiceVolume {
  return escapeStrings(volume) as ComposeServiceVolume;
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeAllDollars(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
  return value;
}

/** Mounts sorted by source (plain string order, stable), as the reference writes them. */
function sortBySource(volumes: ComposeServiceVolume[]): ComposeServiceVolume[] {
  const key = (v: ComposeServiceVolume): string => v.source ?? '';
  return [...volumes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
