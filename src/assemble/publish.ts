// `--publish HOST:REF:CONTAINER`: publish a port of a workload's primary service or of a resource's
// service on the host. Applied last and never persisted.
import { ScoreComposeError } from '../common/errors.js';
import type { ComposeProject } from '../compose/types.js';
import type { State } from '../state/types.js';
import { byName } from '../common/order.js';

/** A provisioned resource as `--publish` sees it. */
export interface PublishResource {
  uid: string;
  type: string;
  class: string;
  id: string;
  outputs: Record<string, unknown>;
}

/** What `--publish` references can name. */
export interface PublishContext {
  /** Workload names in the state. */
  workloads: readonly string[];
  resources: readonly PublishResource[];
}

/** The largest TCP/UDP port number. */
const MAX_PORT = 65535;

/** Applies every `--publish` entry in order; returns a new project and the log lines. */
export function applyPublish(
  project: ComposeProject,
  specs: readonly string[],
  ctx: PublishContext,
): { project: ComposeProject; logs: string[] } {
  const services = { ...project.services };
  const logs: string[] = [];
  specs.forEach((spec, i) => {
    const fail = (msg: string, hint?: string): never => {
      throw new ScoreComposeError('input', `--publish[${i}] ${msg}`, hint === undefined ? {} : { hint });
    };
    const parts = spec.split(':');
    if (parts.length < 3)
      fail(
        'expected 3 :-separated parts',
        'use HOST_PORT:<workload or RES_UID.OUTPUT>:CONTAINER_PORT, e.g. 8080:my-workload:80',
      );
    const rawHost = parts[0] as string;
    const rawContainer = parts[parts.length - 1] as string;
    const ref = parts.slice(1, -1).join(':');
    const hostPort = parseInteger(rawHost);
    if (hostPort === undefined) fail(`could not parse host port '${rawHost}' as integer`);
    else if (hostPort === 1 || hostPort < 0) fail('host port must be > 1, or 0 for a port the engine picks');
    else if (hostPort > MAX_PORT) fail(`host port must be <= ${MAX_PORT}`);
    const containerPort = parseInteger(rawContainer);
    if (containerPort === undefined) fail(`could not parse container port '${rawContainer}' as integer`);
    else if (containerPort <= 1) fail('container port must be > 1');
    else if (containerPort > MAX_PORT) fail(`container port must be <= ${MAX_PORT}`);

    const targets = ref.includes('#')
      ? [serviceOfResource(ref, ctx, services, fail)]
      : servicesOfWorkload(ref, ctx, services, fail);
    for (const name of targets) {
      const service = services[name];
      if (service === undefined) continue;
      // Host port 0: no `published`, so the engine picks a free port when the container starts.
      const port =
        hostPort === 0
          ? { target: containerPort as number }
          : { target: containerPort as number, published: String(hostPort) };
      services[name] = { ...service, ports: [...(service.ports ?? []), port] };
      logs.push(
        `Published port ${containerPort} of service '${name}' to ${hostPort === 0 ? 'a host port the engine picks' : `host port ${hostPort}`}`,
      );
    }
  });
  return { project: { ...project, services }, logs };
}

/**
 * Every published port left to the engine (`ephemeralPorts`): the host ports written by
 * provisioners (the router's 8080, a `publish-port` annotation), `--publish` and patch templates
 * are dropped, so any number of copies of the stack run side by side. `ps`, `port` and the
 * library report the ports the engine chose. Returns the project and the log lines.
 */
export function makePortsEphemeral(project: ComposeProject): { project: ComposeProject; logs: string[] } {
  const services = { ...project.services };
  const logs: string[] = [];
  for (const [name, service] of Object.entries(services).sort(byName)) {
    if (!service.ports?.some((p) => p.published !== undefined)) continue;
    services[name] = {
      ...service,
      ports: service.ports.map((p) => {
        if (p.published === undefined) return p;
        logs.push(
          `Port ${p.target} of service '${name}': host port ${p.published} left to the engine (ephemeral ports)`,
        );
        const { published: _published, ...rest } = p;
        return rest;
      }),
    };
  }
  return { project: { ...project, services }, logs };
}

/** A workload name: the services whose hostname is that name (its primary container). */
function servicesOfWorkload(
  ref: string,
  ctx: PublishContext,
  services: ComposeProject['services'],
  fail: (msg: string, hint?: string) => never,
): string[] {
  if (!ctx.workloads.includes(ref)) {
    fail(
      `failed to find a workload named '${ref}'`,
      ctx.workloads.length > 0 ? `known workloads: ${[...ctx.workloads].sort().join(', ')}` : undefined,
    );
  }
  return Object.keys(services)
    .sort()
    .filter((name) => services[name]?.hostname === ref);
}

/** `<uid-ish>.<output>`: the service named by a string output of the resource. */
function serviceOfResource(
  ref: string,
  ctx: PublishContext,
  services: ComposeProject['services'],
  fail: (msg: string, hint?: string) => never,
): string {
  const dot = ref.lastIndexOf('.');
  // The reference crashes when the part before the last dot has no `#`; treat it as malformed.
  if (dot < 0 || !ref.slice(0, dot).includes('#')) {
    return fail('must match RES_UID.OUTPUT', 'for example postgres#my-workload.db.host');
  }
  const rawUid = ref.slice(0, dot);
  const outputKey = ref.slice(dot + 1);
  const uid = normaliseUid(rawUid);
  const resource = ctx.resources.find((r) => r.uid === uid);
  if (resource === undefined) return fail(`failed to find a resource with uid '${rawUid}'`);
  if (!Object.hasOwn(resource.outputs, outputKey)) {
    const known = Object.keys(resource.outputs).sort();
    return fail(
      `resource '${uid}' has no output '${outputKey}'`,
      known.length > 0 ? `outputs: ${known.join(', ')}` : undefined,
    );
  }
  const host = resource.outputs[outputKey];
  if (typeof host !== 'string') return fail(`resource '${uid}' output '${outputKey}' is not a string`);
  if (services[host] === undefined) return fail(`host '${host}' does not exist`);
  return host;
}

/** Reads `type[.class]#id` leniently: the class defaults to `default`. */
function normaliseUid(raw: string): string {
  const hash = raw.indexOf('#');
  const head = raw.slice(0, hash);
  const id = raw.slice(hash + 1);
  const dot = head.indexOf('.');
  const type = dot < 0 ? head : head.slice(0, dot);
  const cls = dot < 0 ? 'default' : head.slice(dot + 1);
  return `${type}.${cls}#${id}`;
}

/** Integers the way the reference reads them (optional sign, decimal digits). */
function parseInteger(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

const asPort = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;

/**
 * The `--publish` entries that let a process on the host reach the project (`publishForHost`,
 * used by test environments): every workload's service ports, and every resource whose `host`
 * output names a service of the project at its `port` output (postgres, redis, ...). All on ports
 * the engine picks.
 */
export function hostReachablePublish(state: State, services: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [name, workload] of Object.entries(state.workloads).sort(byName)) {
    for (const port of Object.values(workload.spec.service?.ports ?? {}))
      out.push(`0:${name}:${port.targetPort ?? port.port}`);
  }
  for (const [uid, resource] of Object.entries(state.resources).sort(byName)) {
    const host = resource.outputs?.['host'];
    const port = asPort(resource.outputs?.['port']);
    if (typeof host === 'string' && services.has(host) && port !== undefined) out.push(`0:${uid}.host:${port}`);
  }
  return [...new Set(out)];
}
