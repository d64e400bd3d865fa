// Go text/template + sprig for provisioners, patch templates and `--format`, as score-compose
// renders them: `template.New("").Funcs(sprig.FuncMap()).Parse(text)`, missingkey default, and the
// data typed as score-compose's (`*templateprov.Data`, `patching.patchTemplateInput`), so a field
// that score-compose lacks fails the same way. The only module of src/provisioners and
// src/assemble that imports src/gotemplate; it is loaded with `await import()` when a Go template
// is used, so runs with Handlebars templates only never load the Go engine.
import { ScoreComposeError } from '../../common/errors.js';
import { TemplateParseError } from '../../gotemplate/parser.js';
import { TemplateExecError } from '../../gotemplate/exec.js';
import { SPRIG_FUNCS } from '../../gotemplate/sprig/index.js';
import { fn, type FuncMap } from '../../gotemplate/function.js';
import { GoTemplate } from '../../gotemplate/template.js';
import { encodeSecretRef } from '../../k8s/secret-refs.js';
import type { ProvisionerTarget } from '../types.js';
import { ANY, GoMap, GoStruct, MAP_ANY, toGoValue, type GoField, type GoValue } from '../../gotemplate/values.js';
import type { TemplateData } from './template-provisioner.js';

/** score-k8s gives its templates sprig plus `encodeSecretRef secret key`. */
const K8S_FUNCS: FuncMap = new Map([
  ...SPRIG_FUNCS,
  ['encodeSecretRef', fn(['string', 'string'], (secret, key) => encodeSecretRef(String(secret), String(key)))],
]);

const caches: Record<ProvisionerTarget, Map<string, GoTemplate>> = { compose: new Map(), k8s: new Map() };

function parsed(text: string, target: ProvisionerTarget = 'compose'): GoTemplate {
  const cache = caches[target];
  let template = cache.get(text);
  if (template === undefined) {
    try {
      template = GoTemplate.parse(text, { funcs: target === 'k8s' ? K8S_FUNCS : SPRIG_FUNCS });
    } catch (err) {
      if (err instanceof TemplateParseError)
        throw new ScoreComposeError('provision', `failed to parse template: ${err.message}`);
      throw err;
    }
    cache.set(text, template);
  }
  return template;
}

/** Checks that `text` parses as a Go template with the sprig functions (what `init` does with patch templates). */
export function checkGoTemplate(text: string): void {
  parsed(text);
}

/**
 * Renders `text` with `data` (Go values, or plain data taken as YAML-decoded). Throws
 * ScoreComposeError('provision') worded as score-compose's: `failed to parse template: template: :1: ...`
 * or `failed to execute template: template: :4:30: executing "" at <...>: ...`.
 */
export function renderGoTemplate(text: string, data: unknown, target: ProvisionerTarget = 'compose'): string {
  const template = parsed(text, target);
  try {
    return template.execute(data);
  } catch (err) {
    if (err instanceof TemplateExecError)
      throw new ScoreComposeError('provision', `failed to execute template: ${err.message}`);
    throw err;
  }
}

const field = (type: string, value: GoValue): GoField => ({ type, value });
const stringField = (value: string): GoField => field('string', value);
const mapField = (value: Record<string, unknown> | null): GoField =>
  field(MAP_ANY, value === null ? new GoMap(MAP_ANY, ANY, null) : toGoValue(value));

const NETWORK_SERVICE = 'provisioners.NetworkService';
const SERVICE_PORT = 'provisioners.ServicePort';

// One generate passes the same WorkloadServices object to every resource: convert it once.
const convertedServices = new WeakMap<TemplateData['WorkloadServices'], GoMap>();

function workloadServices(services: TemplateData['WorkloadServices']): GoMap {
  const cached = convertedServices.get(services);
  if (cached) return cached;
  const entries = new Map<string, GoValue>();
  for (const [name, info] of Object.entries(services)) {
    const ports = new Map<string, GoValue>();
    for (const [key, p] of Object.entries(info.Ports)) {
      ports.set(
        key,
        new GoStruct(
          SERVICE_PORT,
          new Map([
            ['Name', stringField(p.Name)],
            ['Port', field('int', p.Port)],
            ['TargetPort', field('int', p.TargetPort)],
            // score.ServicePortProtocol in Go, a named string type; modelled as a string.
            ['Protocol', field('score.ServicePortProtocol', p.Protocol)],
          ]),
        ),
      );
    }
    entries.set(
      name,
      new GoStruct(
        NETWORK_SERVICE,
        new Map([
          ['ServiceName', stringField(info.ServiceName)],
          ['Ports', field(`map[string]${SERVICE_PORT}`, new GoMap(`map[string]${SERVICE_PORT}`, SERVICE_PORT, ports))],
        ]),
      ),
    );
  }
  const map = new GoMap(`map[string]${NETWORK_SERVICE}`, NETWORK_SERVICE, entries);
  convertedServices.set(services, map);
  return map;
}

/**
 * A provisioner template's data as score-compose's `*templateprov.Data`, field for field, plus
 * `Guid` (which score-compose's Data lacks); for score-k8s, its Data (Namespace and
 * WorkloadMetadata instead of ComposeProjectName and MountsDirectory).
 */
export function goProvisionerData(data: TemplateData, target: ProvisionerTarget = 'compose'): GoStruct {
  const services = workloadServices(data.WorkloadServices);
  const own: [string, GoField][] =
    target === 'k8s'
      ? [
          ['WorkloadMetadata', mapField(data.WorkloadMetadata ?? {})],
          ['Namespace', stringField(data.Namespace ?? '')],
        ]
      : [
          ['ComposeProjectName', stringField(data.ComposeProjectName ?? '')],
          ['MountsDirectory', stringField(data.MountsDirectory ?? '')],
        ];
  return new GoStruct(
    '*templateprov.Data',
    new Map([
      ['Uid', stringField(data.Uid)],
      ['Type', stringField(data.Type)],
      ['Class', stringField(data.Class)],
      ['Id', stringField(data.Id)],
      ['Guid', stringField(data.Guid)],
      ['Params', mapField(data.Params)],
      ['Metadata', mapField(data.Metadata)],
      ['Init', mapField(data.Init)],
      ['State', mapField(data.State)],
      ['Shared', mapField(data.Shared)],
      ['SourceWorkload', stringField(data.SourceWorkload)],
      ['WorkloadServices', field(services.type, services)],
      ...own,
    ]),
  );
}

/** A score-k8s patch template's data as its `patching.patchTemplateInput`. */
export function goManifestPatchData(manifests: unknown[], workloads: unknown, namespace: string): GoStruct {
  return new GoStruct(
    'patching.patchTemplateInput',
    new Map([
      ['Manifests', field('[]map[string]interface {}', toGoValue(manifests))],
      ['Workloads', field(MAP_ANY, toGoValue(workloads))],
      ['Namespace', stringField(namespace)],
    ]),
  );
}

/** A patch template's data as score-compose's `patching.patchTemplateInput`. */
export function goPatchData(compose: unknown, workloads: unknown): GoStruct {
  return new GoStruct(
    'patching.patchTemplateInput',
    new Map([
      ['Compose', field(MAP_ANY, toGoValue(compose))],
      ['Workloads', field(MAP_ANY, toGoValue(workloads))],
    ]),
  );
}
