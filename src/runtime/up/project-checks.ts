// The consistency checks compose runs before touching the engine (depends_on targets, volumes,
// networks and `network_mode: service:` parents must exist), with compose's own messages, plus a
// dependency-cycle check.

import { ScoreComposeError } from '../../common/errors.js';
import type { ComposeProject, ComposeService } from '../../compose/types.js';
import { serviceDependencies } from '../../compose/service-graph.js';
import { findCycle } from '../../common/graph.js';

/** The service named by `network_mode: service:<x>`, if any. */
export function networkModeService(service: ComposeService): string | undefined {
  const mode = service.network_mode;
  return typeof mode === 'string' && mode.startsWith('service:') ? mode.slice('service:'.length) : undefined;
}

/** Names of the networks a service joins (`default` when it names none and has no network_mode). */
export function serviceNetworkKeys(service: ComposeService): string[] {
  if (service.network_mode !== undefined) return [];
  const nets: unknown = service.networks;
  if (Array.isArray(nets)) return nets.filter((n): n is string => typeof n === 'string');
  if (nets !== undefined && nets !== null && typeof nets === 'object') return Object.keys(nets);
  return ['default'];
}

/** Named volumes a service mounts (long or short syntax). */
export function serviceVolumeSources(service: ComposeService): string[] {
  const out: string[] = [];
  for (const v of (service.volumes ?? []) as unknown[]) {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      if (target !== undefined && source !== undefined && !/^[./~]/.test(source) && source !== '') out.push(source);
    } else if (v !== null && typeof v === 'object') {
      const vol = v as { type?: unknown; source?: unknown };
      if (vol.type === 'volume' && typeof vol.source === 'string' && vol.source !== '') out.push(vol.source);
    }
  }
  return out;
}

const invalid = (message: string): ScoreComposeError => new ScoreComposeError('input', message);

/** Throws compose's error for the first inconsistency: undefined service, volume or network, or a cycle. */
export function checkProjectConsistency(project: ComposeProject): void {
  const services = project.services;
  for (const name of Object.keys(services).sort()) {
    const svc = services[name] as ComposeService;
    for (const dep of Object.keys(svc.depends_on ?? {})) {
      if (services[dep] === undefined)
        throw invalid(`service "${name}" depends on undefined service "${dep}": invalid compose project`);
    }
    const parent = networkModeService(svc);
    if (parent !== undefined && services[parent] === undefined)
      throw invalid(`service "${parent}" not found for network_mode 'service:${parent}'`);
    for (const vol of serviceVolumeSources(svc)) {
      if (project.volumes?.[vol] === undefined)
        throw invalid(`service "${name}" refers to undefined volume ${vol}: invalid compose project`);
    }
    for (const net of serviceNetworkKeys(svc)) {
      if (net !== 'default' && project.networks?.[net] === undefined) {
        throw invalid(`service "${name}" refers to undefined network ${net}: invalid compose project`);
      }
    }
  }
  checkCycles(services);
}

function checkCycles(services: Record<string, ComposeService>): void {
  const graph = new Map(Object.entries(services).map(([name, svc]) => [name, serviceDependencies(svc)]));
  const cycle = findCycle(graph);
  if (cycle !== undefined) throw invalid(`dependency cycle detected: ${[...cycle, cycle[0]].join(' -> ')}`);
}
