import type { State } from '../state/types.js';
import type { WorkloadServiceInfo, WorkloadServicePort } from './types.js';

/**
 * What provisioners know of every stored workload: its hostname and its service ports,
 * keyed by port name and also by port number (unless a name already uses that key).
 */
export function workloadServicesOf(
  state: State,
  serviceNameOf: (name: string, metadata: Record<string, unknown>) => string = (name) => name,
): Record<string, WorkloadServiceInfo> {
  const out: Record<string, WorkloadServiceInfo> = {};
  for (const name of Object.keys(state.workloads).sort()) {
    const ports: Record<string, WorkloadServicePort> = {};
    const declared = state.workloads[name]!.spec.service?.ports ?? {};
    for (const portName of Object.keys(declared).sort()) {
      const p = declared[portName]!;
      ports[portName] = {
        name: portName,
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        protocol: p.protocol ?? 'TCP',
      };
    }
    for (const portName of Object.keys(declared).sort()) {
      const entry = ports[portName]!;
      const byNumber = String(entry.port);
      if (!(byNumber in ports)) ports[byNumber] = entry;
    }
    out[name] = { serviceName: serviceNameOf(name, state.workloads[name]!.spec.metadata), ports };
  }
  return out;
}
