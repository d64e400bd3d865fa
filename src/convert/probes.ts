// Score probes → compose healthcheck. Only `exec` probes can become a compose healthcheck; httpGet
// probes would need a client inside the image.
import type { Container, ContainerProbe } from '../score/types.js';
import type { ComposeHealthcheck } from '../compose/types.js';
import { fieldError } from './convert-error.js';

/** The healthcheck of a container (if any) and warnings about probes that were dropped. */
export interface ProbeConversion {
  healthcheck?: ComposeHealthcheck;
  warnings: string[];
}

/**
 * Uses the readiness probe, else the liveness probe. Improvement over the reference: when the
 * readiness probe is httpGet-only, an exec liveness probe is used instead of emitting nothing.
 */
export function convertProbes(containerName: string, container: Container): ProbeConversion {
  const warnings: string[] = [];
  const order: ['readinessProbe' | 'livenessProbe', ContainerProbe | undefined][] = [
    ['readinessProbe', container.readinessProbe],
    ['livenessProbe', container.livenessProbe],
  ];
  for (const [key, probe] of order) {
    if (probe === undefined || probe === null) continue;
    const field = `containers.${containerName}.${key}`;
    const healthcheck = probeToHealthcheck(field, probe);
    if (healthcheck !== undefined) return { healthcheck, warnings };
    warnings.push(`${field}: httpGet container probe: not supported - ignoring`);
  }
  return { warnings };
}

/** An exec probe's healthcheck, undefined for an httpGet-only probe. */
function probeToHealthcheck(field: string, probe: ContainerProbe): ComposeHealthcheck | undefined {
  if (probe.exec !== undefined && probe.exec !== null) {
    const command = probe.exec.command ?? [];
    if (command.length === 0) throw fieldError(field, 'exec command is empty');
    return { test: ['CMD', ...command], timeout: '5s', interval: '5s' };
  }
  if (probe.httpGet !== undefined && probe.httpGet !== null) return undefined;
  throw fieldError(field, 'exec or httpGet must be specified');
}

/** True when the container declares any probe at all (the reference's test for `ready: healthy`). */
export function hasAnyProbe(container: Container): boolean {
  return container.readinessProbe != null || container.livenessProbe != null;
}
