// What every score-k8s run of the real-world and example tests is held to: each manifest is a
// valid object of Kubernetes 1.33 (the OpenAPI schema, plus the name and label rules the API server
// adds), the Gateway API's HTTPRoute (a CRD, with no schema here) has its shape and points at a
// Service port that exists, every Secret, ConfigMap and claim a pod refers to is there, and no
// generated secret of .score-k8s/state.yaml shows in any manifest but a Secret.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { Manifest } from '../../src/k8s/manifest.js';
import { validateManifest } from './k8s-schema.js';
import { encodedForms } from './secret-scan.js';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifests of a generated file, one per YAML document. */
export async function readManifests(dir: string, file = 'manifests.yaml'): Promise<Manifest[]> {
  return parseAllDocuments(await readFile(join(dir, file), 'utf8')).map((d) => d.toJS() as Manifest);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function isSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((part) => DNS_LABEL.test(part));
}

function isLabelKey(key: string): boolean {
  const cut = key.lastIndexOf('/');
  const [prefix, name] = cut < 0 ? [undefined, key] : [key.slice(0, cut), key.slice(cut + 1)];
  return (prefix === undefined || isSubdomain(prefix)) && name.length <= 63 && LABEL_KEY_NAME.test(name);
}

function id(m: Manifest): string {
  return `${String(m['kind'])} ${String((m['metadata'] as Json | undefined)?.['name'])}`;
}

/** The API server's rules for names and labels (the OpenAPI schema does not hold them). */
function metadataProblems(m: Manifest): string[] {
  const meta = m['metadata'];
  if (!isMap(meta) || typeof meta['name'] !== 'string') return [`${id(m)}: no metadata.name`];
  const name = meta['name'];
  const problems: string[] = [];
  if (m['kind'] === 'Service') {
    if (!(name.length <= 63 && DNS_1035_LABEL.test(name))) problems.push(`${id(m)}: not a DNS-1035 label`);
  } else if (!isSubdomain(name)) problems.push(`${id(m)}: not a DNS-1123 subdomain`);
  if (m['kind'] === 'StatefulSet' && !(name.length <= 63 && DNS_LABEL.test(name)))
    problems.push(`${id(m)}: a StatefulSet name must be a DNS-1123 label`);
  const labelSets: [string, unknown][] = [['metadata.labels', meta['labels']]];
  const template = (m['spec'] as Json | undefined)?.['template'];
  if (isMap(template)) labelSets.push(['spec.template.metadata.labels', (template['metadata'] as Json)?.['labels']]);
  for (const [where, labels] of labelSets) {
    if (labels === undefined) continue;
    for (const [k, v] of Object.entries(labels as Json)) {
      if (!isLabelKey(k)) problems.push(`${id(m)}: ${where} key ${k} is invalid`);
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v))
        problems.push(`${id(m)}: ${where}[${k}] = ${JSON.stringify(v)} is not a label value`);
    }
  }
  return problems;
}

/** The Gateway API v1 HTTPRoute fields score-k8s's route provisioners write, and their backends. */
function httpRouteProblems(m: Manifest, all: Manifest[]): string[] {
  const problems: string[] = [];
  if (m['apiVersion'] !== 'gateway.networking.k8s.io/v1')
    problems.push(`${id(m)}: apiVersion ${String(m['apiVersion'])}`);
  const spec = m['spec'];
  if (!isMap(spec)) return [...problems, `${id(m)}: no spec`];
  const parents = spec['parentRefs'];
  if (
    !Array.isArray(parents) ||
    parents.length === 0 ||
    !parents.every((p) => isMap(p) && typeof p['name'] === 'string')
  )
    problems.push(`${id(m)}: spec.parentRefs must be a list of {name}`);
  const hostnames = spec['hostnames'] ?? [];
  if (!Array.isArray(hostnames) || !hostnames.every((h) => typeof h === 'string' && isSubdomain(h)))
    problems.push(`${id(m)}: spec.hostnames ${JSON.stringify(hostnames)}`);
  const rules = spec['rules'];
  if (!Array.isArray(rules) || rules.length === 0) return [...problems, `${id(m)}: spec.rules must be a list`];
  for (const rule of rules as Json[]) {
    for (const match of (rule['matches'] ?? []) as Json[]) {
      const path = match['path'] as Json | undefined;
      if (path === undefined) continue;
      if (!['Exact', 'PathPrefix', 'RegularExpression'].includes(String(path['type'])))
        problems.push(`${id(m)}: path type ${String(path['type'])}`);
      if (typeof path['value'] !== 'string' || !path['value'].startsWith('/'))
        problems.push(`${id(m)}: path value ${JSON.stringify(path['value'])}`);
    }
    for (const ref of (rule['backendRefs'] ?? []) as Json[]) {
      const port = ref['port'];
      if (
        typeof ref['name'] !== 'string' ||
        !Number.isInteger(port) ||
        (port as number) < 1 ||
        (port as number) > 65535
      ) {
        problems.push(`${id(m)}: backendRef ${JSON.stringify(ref)}`);
        continue;
      }
      const service = all.find((s) => s['kind'] === 'Service' && (s['metadata'] as Json)['name'] === ref['name']);
      const ports = ((service?.['spec'] as Json | undefined)?.['ports'] ?? []) as Json[];
      if (!ports.some((p) => p['port'] === port))
        problems.push(
          `${id(m)}: backendRef ${String(ref['name'])}:${String(port)} is no Service port of the manifests`,
        );
    }
  }
  return problems;
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** What the API server checks in a workload beyond the schema: selectors, names, ports, mounts, data keys. */
function validationProblems(m: Manifest): string[] {
  const problems: string[] = [];
  if (m['kind'] === 'ConfigMap' || m['kind'] === 'Secret') {
    for (const field of ['data', 'binaryData', 'stringData'])
      for (const key of Object.keys((m[field] ?? {}) as Json))
        if (key.length > 253 || !DATA_KEY.test(key)) problems.push(`${id(m)}: ${field} key ${key} is invalid`);
  }
  if (m['kind'] === 'Service') {
    const ports = (((m['spec'] as Json | undefined)?.['ports'] ?? []) as Json[]).map((p) => p['name']);
    if (ports.length > 1 && ports.some((n) => typeof n !== 'string'))
      problems.push(`${id(m)}: a Service with several ports must name each`);
    for (const n of ports)
      if (n !== undefined && !(typeof n === 'string' && n.length <= 63 && DNS_LABEL.test(n)))
        problems.push(`${id(m)}: port name ${String(n)} is not a DNS-1123 label`);
    if (new Set(ports).size !== ports.length) problems.push(`${id(m)}: duplicate port names`);
  }
  const spec = m['spec'] as Json | undefined;
  const template = spec?.['template'] as Json | undefined;
  if (template === undefined) return problems;
  const labels = ((template['metadata'] as Json | undefined)?.['labels'] ?? {}) as Json;
  const selector = ((spec?.['selector'] as Json | undefined)?.['matchLabels'] ?? {}) as Json;
  if (m['kind'] !== 'Job' && m['kind'] !== 'CronJob') {
    if (Object.keys(selector).length === 0) problems.push(`${id(m)}: empty selector`);
    for (const [k, v] of Object.entries(selector))
      if (labels[k] !== v) problems.push(`${id(m)}: selector ${k}=${String(v)} does not match the template labels`);
  }
  const pod = (template['spec'] ?? {}) as Json;
  const volumes = ((pod['volumes'] ?? []) as Json[]).map((v) => String(v['name']));
  for (const v of volumes) if (!(v.length <= 63 && DNS_LABEL.test(v))) problems.push(`${id(m)}: volume name ${v}`);
  if (new Set(volumes).size !== volumes.length) problems.push(`${id(m)}: duplicate volume names ${volumes.join(',')}`);
  // A StatefulSet's containers also mount the claims of its volumeClaimTemplates.
  const claims = ((spec?.['volumeClaimTemplates'] ?? []) as Json[]).map((t) =>
    String((t['metadata'] as Json)?.['name']),
  );
  const containers = [...((pod['containers'] ?? []) as Json[]), ...((pod['initContainers'] ?? []) as Json[])];
  const names = containers.map((c) => String(c['name']));
  for (const n of names) if (!(n.length <= 63 && DNS_LABEL.test(n))) problems.push(`${id(m)}: container name ${n}`);
  if (new Set(names).size !== names.length) problems.push(`${id(m)}: duplicate container names`);
  for (const c of containers) {
    const where = `${id(m)}: container ${String(c['name'])}`;
    for (const port of (c['ports'] ?? []) as Json[]) {
      const n = port['name'];
      if (n !== undefined && !(typeof n === 'string' && n.length <= 15 && IANA_SVC_NAME.test(n)))
        problems.push(`${where}: port name ${String(n)} is not an IANA service name`);
    }
    const mountPaths = new Set<string>();
    for (const mount of (c['volumeMounts'] ?? []) as Json[]) {
      if (![...volumes, ...claims].includes(String(mount['name'])))
        problems.push(`${where}: mounts a missing volume ${String(mount['name'])}`);
      const path = String(mount['mountPath']);
      if (mountPaths.has(path)) problems.push(`${where}: mountPath ${path} twice`);
      mountPaths.add(path);
    }
    const envNames = ((c['env'] ?? []) as Json[]).map((e) => String(e['name']));
    for (const n of envNames) if (n === '' || n.includes('=')) problems.push(`${where}: env name ${JSON.stringify(n)}`);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const port = ((c[probe] as Json | undefined)?.['httpGet'] as Json | undefined)?.['port'];
      if (typeof port === 'string' && !((c['ports'] ?? []) as Json[]).some((p) => p['name'] === port))
        problems.push(`${where}: ${probe} names port ${port}, which the container does not declare`);
    }
  }
  return problems;
}

function named(all: Manifest[], kind: string, name: unknown): Manifest | undefined {
  return all.find((m) => m['kind'] === kind && (m['metadata'] as Json)['name'] === name);
}

function secretKeys(secret: Manifest): string[] {
  return [...Object.keys((secret['data'] ?? {}) as Json), ...Object.keys((secret['stringData'] ?? {}) as Json)];
}

/** Every Secret key, ConfigMap and claim the pod templates refer to is among the manifests. */
function referenceProblems(m: Manifest, all: Manifest[]): string[] {
  const pod = ((m['spec'] as Json | undefined)?.['template'] as Json | undefined)?.['spec'] as Json | undefined;
  if (pod === undefined) return [];
  const problems: string[] = [];
  const containers = [...((pod['containers'] ?? []) as Json[]), ...((pod['initContainers'] ?? []) as Json[])];
  for (const c of containers) {
    for (const env of (c['env'] ?? []) as Json[]) {
      const ref = (env['valueFrom'] as Json | undefined)?.['secretKeyRef'] as Json | undefined;
      if (ref === undefined) continue;
      const secret = named(all, 'Secret', ref['name']);
      if (secret === undefined || !secretKeys(secret).includes(String(ref['key'])))
        problems.push(`${id(m)}: env ${String(env['name'])} refers to a missing Secret key ${JSON.stringify(ref)}`);
    }
  }
  for (const v of (pod['volumes'] ?? []) as Json[]) {
    const secret = v['secret'] as Json | undefined;
    const configMap = v['configMap'] as Json | undefined;
    if (secret !== undefined && named(all, 'Secret', secret['secretName']) === undefined)
      problems.push(`${id(m)}: volume ${String(v['name'])} refers to a missing Secret`);
    if (configMap !== undefined && named(all, 'ConfigMap', configMap['name']) === undefined)
      problems.push(`${id(m)}: volume ${String(v['name'])} refers to a missing ConfigMap`);
    for (const source of ((v['projected'] as Json | undefined)?.['sources'] ?? []) as Json[]) {
      for (const [kind, key] of [
        ['Secret', 'secret'],
        ['ConfigMap', 'configMap'],
      ] as const) {
        const ref = source[key] as Json | undefined;
        if (ref === undefined) continue;
        const target = named(all, kind, ref['name']);
        const keys =
          target === undefined
            ? []
            : kind === 'Secret'
              ? secretKeys(target)
              : Object.keys({ ...(target['data'] as Json), ...(target['binaryData'] as Json) });
        if (target === undefined) problems.push(`${id(m)}: projected volume refers to a missing ${kind}`);
        for (const item of (ref['items'] ?? []) as Json[])
          if (!keys.includes(String(item['key'])))
            problems.push(`${id(m)}: projected ${kind} key ${String(item['key'])} missing`);
      }
    }
  }
  return problems;
}

/**
 * Every problem with a set of generated manifests: schema errors (validateManifest), names and
 * labels, HTTPRoute shape and backends, dangling Secret/ConfigMap references, duplicates. Empty
 * when all of it would be accepted by a Kubernetes 1.33 API server (with the Gateway API CRDs).
 */
export function manifestProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of manifests) {
    if (!isMap(m)) {
      problems.push(`a document is not a map: ${JSON.stringify(m)}`);
      continue;
    }
    const key = `${String(m['apiVersion'])} ${id(m)}`;
    if (seen.has(key)) problems.push(`${key} appears twice`);
    seen.add(key);
    problems.push(...metadataProblems(m));
    if (m['kind'] === 'HTTPRoute') {
      problems.push(...httpRouteProblems(m, manifests));
      continue;
    }
    try {
      validateManifest(m);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    problems.push(...validationProblems(m), ...referenceProblems(m, manifests));
  }
  return problems;
}

const SECRET_KEY = /pass|secret|token/i;

/** A score-k8s project's generated secrets: the strings under secret-looking keys of its resource and shared state. */
export async function k8sStateSecrets(dir: string): Promise<string[]> {
  const state = parse(await readFile(join(dir, '.score-k8s/state.yaml'), 'utf8')) as Json;
  const found = new Set<string>();
  const walk = (value: unknown, secret: boolean): void => {
    if (typeof value === 'string' && secret && value.length >= 4) found.add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, secret));
    else if (isMap(value)) for (const [k, v] of Object.entries(value)) walk(v, secret || SECRET_KEY.test(k));
  };
  const resources = (state['resources'] ?? {}) as Record<string, Json>;
  for (const r of Object.values(resources)) walk(r['state'], false);
  walk(state['shared_state'], false);
  return [...found];
}

/** Every string anywhere in `value`, map keys included. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMap(value)) return [...Object.keys(value), ...Object.values(value).flatMap(strings)];
  return [];
}

/** `<kind name>: <form>` for each generated secret (as is, base64, URL-encoded) in a manifest other than a Secret. */
export function exposedK8sSecrets(manifests: Manifest[], secrets: string[]): string[] {
  const forms = secrets.flatMap(encodedForms);
  const problems: string[] = [];
  for (const m of manifests) {
    if (m['kind'] === 'Secret') continue;
    const texts = strings(m);
    const held = forms.filter((f) => texts.some((t) => t.includes(f)));
    if (held.length > 0) problems.push(`${id(m)}: ${held[0]}`);
  }
  return problems;
}

/** Both checks on a project directory after a successful generate. */
export async function k8sProjectProblems(dir: string, file = 'manifests.yaml'): Promise<string[]> {
  const manifests = await readManifests(dir, file);
  return [...manifestProblems(manifests), ...exposedK8sSecrets(manifests, await k8sStateSecrets(dir))];
}
