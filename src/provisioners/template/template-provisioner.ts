// `template://` provisioners: a definition holds one template per output part (TEMPLATE_PARTS, in
// rendering order); each renders to YAML with the resource's data, as docs/template-helpers.md
// describes. An entry's templates are Handlebars or Go text/template (engine-choice.ts); the Go
// engine is imported only when an entry written in Go provisions a resource.
import { templatePositionIn, type FilePosition, type TemplateLocator } from '../template-position.js';
import type { ComposeNetwork, ComposeService, ComposeVolume } from '../../compose/types.js';
import { ScoreComposeError } from '../../common/errors.js';
import { checkKnownKeys, commonFields, type Origin, optionalString } from '../definition.js';
import { mergeSharedState } from '../shared-state.js';
import type { ProvisionInput, ProvisionOutput, Provisioner, ProvisionerTarget } from '../types.js';
import {
  decodeCompose,
  decodeDirectories,
  decodeFiles,
  decodeLines,
  decodeManifests,
  decodeMap,
  normalizeModel,
  normalizeNetwork,
  normalizeService,
  normalizeVolume,
  parseRendered,
} from './decode-output.js';
import { renderTemplate } from './engine.js';
import { chooseEngine, parseEngineName, type TemplateEngine } from './engine-choice.js';

/** Template parts in rendering order, with the name used in error messages. */
export const TEMPLATE_PARTS = [
  ['init', 'init'],
  ['state', 'state'],
  ['shared', 'shared'],
  ['outputs', 'outputs'],
  ['directories', 'directories'],
  ['files', 'files'],
  ['networks', 'networks'],
  ['services', 'services'],
  ['volumes', 'volumes'],
  ['models', 'models'],
  ['info_logs', 'info logs'],
] as const;

/** score-k8s's parts: Kubernetes manifests instead of compose services and files. */
const K8S_TEMPLATE_PARTS = [
  ['init', 'init'],
  ['state', 'state'],
  ['shared', 'shared'],
  ['outputs', 'outputs'],
  ['manifests', 'manifests'],
] as const;

type PartKey = (typeof TEMPLATE_PARTS)[number][0] | (typeof K8S_TEMPLATE_PARTS)[number][0];

const partsOf = (target: ProvisionerTarget) => (target === 'k8s' ? K8S_TEMPLATE_PARTS : TEMPLATE_PARTS);

const COMMON_KEYS = [
  'uri',
  'type',
  'class',
  'id',
  'description',
  'supported_params',
  'expected_outputs',
  'secret_outputs',
  'template_engine',
];

/** The data every template sees (field names as the reference's Go templates). */
export interface TemplateData {
  Uid: string;
  Type: string;
  Class: string;
  Id: string;
  Guid: string;
  Params: Record<string, unknown> | null;
  Metadata: Record<string, unknown>;
  Init: Record<string, unknown>;
  State: Record<string, unknown>;
  Shared: Record<string, unknown>;
  SourceWorkload: string;
  WorkloadServices: Record<
    string,
    { ServiceName: string; Ports: Record<string, { Name: string; Port: number; TargetPort: number; Protocol: string }> }
  >;
  /** score-compose only. */
  ComposeProjectName?: string;
  MountsDirectory?: string;
  /** score-k8s only. */
  WorkloadMetadata?: Record<string, unknown>;
  Namespace?: string;
}

/** The template data for one resource (before `init` has rendered). */
// One generate passes the same workloadServices object to every resource; converting it once
// per run (not once per resource) keeps provisioning linear in the number of workloads.
const convertedServices = new WeakMap<ProvisionInput['workloadServices'], TemplateData['WorkloadServices']>();

function templateServices(workloadServices: ProvisionInput['workloadServices']): TemplateData['WorkloadServices'] {
  const cached = convertedServices.get(workloadServices);
  if (cached) return cached;
  const services: TemplateData['WorkloadServices'] = {};
  for (const [workload, info] of Object.entries(workloadServices)) {
    const ports: TemplateData['WorkloadServices'][string]['Ports'] = {};
    for (const [key, p] of Object.entries(info.ports))
      ports[key] = { Name: p.name, Port: p.port, TargetPort: p.targetPort, Protocol: p.protocol };
    services[workload] = { ServiceName: info.serviceName, Ports: ports };
  }
  convertedServices.set(workloadServices, services);
  return services;
}

/** The data of a template of `target`: each tool's fields only, so a template for the other fails as there. */
export function templateData(input: ProvisionInput, target: ProvisionerTarget = 'compose'): TemplateData {
  const services = templateServices(input.workloadServices);
  const common = {
    Uid: input.uid,
    Type: input.type,
    Class: input.class,
    Id: input.id,
    Guid: input.guid,
    Params: input.params ?? null,
    Metadata: input.metadata,
    Init: {},
    State: input.state,
    Shared: input.shared,
    SourceWorkload: input.sourceWorkload,
    WorkloadServices: services,
  };
  return target === 'k8s'
    ? { ...common, WorkloadMetadata: input.workloadMetadata ?? {}, Namespace: input.namespace ?? '' }
    : { ...common, ComposeProjectName: input.composeProjectName, MountsDirectory: input.mountsDirectory };
}

/** The position in its provisioner file of a template error, set where the error is wrapped. */
export const templateErrorPositions = new WeakMap<Error, FilePosition>();

/** Renders one template text with the data as it stands at that stage. */
export type PartRenderer = (source: string, data: TemplateData) => string;

/** Renders all parts in order, threading Init, State and Shared through the data. */
export function renderTemplateParts(
  uri: string,
  templates: Partial<Record<PartKey, string>>,
  input: ProvisionInput,
  render: PartRenderer = (source, data) => renderTemplate(source, data, uri),
  locate?: TemplateLocator,
  target: ProvisionerTarget = 'compose',
): ProvisionOutput {
  const data = templateData(input, target);
  const stage = <T>(key: PartKey, label: string, decode: (value: unknown) => T): T | undefined => {
    const source = templates[key]?.trim();
    if (!source) return undefined;
    try {
      const rendered = render(source, data).trim();
      return rendered === '' ? undefined : decode(parseRendered(rendered));
    } catch (err) {
      if (!(err instanceof ScoreComposeError)) throw err;
      const wrapped = err.wrap(`${label} template failed`);
      // The template's own position, in the provisioner file (lines the trim above took off count).
      const at = templatePositionIn(err.message);
      const leading = (/^\s*/.exec(templates[key] ?? '')![0].match(/\n/g) ?? []).length;
      const inFile = at === undefined ? undefined : locate?.(key, at.line + leading, at.col);
      if (inFile !== undefined) templateErrorPositions.set(wrapped, inFile);
      throw wrapped;
    }
  };
  data.Init = stage('init', 'init', decodeMap) ?? {};
  const state = stage('state', 'state', decodeMap) ?? {};
  data.State = state;
  const shared = stage('shared', 'shared', decodeMap);
  if (shared) data.Shared = mergeSharedState(data.Shared, shared);
  const output: ProvisionOutput = { state, outputs: stage('outputs', 'outputs', decodeMap) ?? {} };
  if (shared) output.shared = shared;
  if (target === 'k8s') {
    const manifests = stage('manifests', 'manifests', decodeManifests);
    if (manifests !== undefined) output.manifests = manifests;
    return output;
  }
  const parts = {
    directories: stage('directories', 'directories', decodeDirectories),
    files: stage('files', 'files', decodeFiles),
    networks: stage<Record<string, ComposeNetwork> | undefined>('networks', 'networks', (v) =>
      decodeCompose(v, normalizeNetwork),
    ),
    services: stage<Record<string, ComposeService> | undefined>('services', 'services', (v) =>
      decodeCompose(v, normalizeService),
    ),
    volumes: stage<Record<string, ComposeVolume> | undefined>('volumes', 'volumes', (v) =>
      decodeCompose(v, normalizeVolume),
    ),
    models: stage<Record<string, unknown> | undefined>('models', 'models', (v) => decodeCompose(v, normalizeModel)),
    infoLogs: stage('info_logs', 'info logs', decodeLines),
  };
  for (const [key, value] of Object.entries(parts))
    if (value !== undefined) (output as Record<string, unknown>)[key] = value;
  return output;
}

/** Renders the parts with the Go engine, loaded on first use. */
async function renderGoParts(
  uri: string,
  templates: Partial<Record<PartKey, string>>,
  input: ProvisionInput,
  locate: TemplateLocator | undefined,
  target: ProvisionerTarget,
): Promise<ProvisionOutput> {
  const go = await import('./go-engine.js');
  return renderTemplateParts(
    uri,
    templates,
    input,
    (source, data) => go.renderGoTemplate(source, go.goProvisionerData(data, target), target),
    locate,
    target,
  );
}

/**
 * Parses a `template://` definition and chooses its template engine; throws `uri not set`,
 * `type not set`, `field <k> not found ...` or, for templates that mix Go and Handlebars, which.
 */
export function parseTemplateProvisioner(raw: Record<string, unknown>, origin: Origin): Provisioner {
  const target = origin.target ?? 'compose';
  checkKnownKeys(raw, [...COMMON_KEYS, ...partsOf(target).map(([k]) => k)], 'template');
  const fields = commonFields(raw, undefined);
  const templates: Partial<Record<PartKey, string>> = {};
  for (const [key] of partsOf(target)) {
    const value = optionalString(raw, key);
    if (value !== undefined) templates[key] = value;
  }
  const explicit = optionalString(raw, 'template_engine');
  const engine: TemplateEngine =
    origin.knownEngine ??
    chooseEngine(templates, explicit === undefined ? undefined : parseEngineName(explicit, 'template_engine')).engine;
  return {
    ...fields,
    origin,
    engine,
    provision: async (input) =>
      engine === 'go'
        ? renderGoParts(fields.uri, templates, input, origin.locateTemplate, target)
        : renderTemplateParts(fields.uri, templates, input, undefined, origin.locateTemplate, target),
  };
}
