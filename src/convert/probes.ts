// Score probes → compose healthcheck and readiness service. An `exec` probe becomes a compose
// healthcheck; an httpGet readiness probe (or an httpGet liveness probe when the container has no
// other probe) becomes a readiness service (readiness.ts), since the image may have no HTTP client.
import type { Container, ContainerProbe } from '../score/types.js';
import type { ComposeHealthcheck } from '../compose/types.js';
import { escapeDollarsForCompose } from '../placeholders/escape-dollars.js';
import { fieldError } from './convert-error.js';
import type { HttpProbe } from './readiness.js';

/** The healthcheck of a container (if any), the httpGet probe to honour (if any), and warnings about dropped probes. */
export interface ProbeConversion {
  healthcheck?: ComposeHealthcheck;
  httpProbe?: HttpProbe;
  warnings: string[];
}

/**
 * The healthcheck comes from the readiness probe, else the liveness probe. Improvement over the
 * reference: when the readiness probe is httpGet-only, an exec liveness probe still gives the
 * healthcheck, and the httpGet readiness probe is honoured as well (by a readiness service).
 */
export function convertProbes(containerName: string, container: Container): ProbeConversion {
  const warnings: string[] = [];
  let httpProbe: HttpProbe | undefined;
  const order: ['readinessProbe' | 'livenessProbe', ContainerProbe | undefined][] = [
    ['readinessProbe', container.readinessProbe],
    ['livenessProbe', container.livenessProbe],
  ];
  for (const [key, probe] of order) {
    if (probe === undefined || probe === null) continue;
    const field = `containers.${containerName}.${key}`;
    const healthcheck = probeToHealthcheck(field, probe);
    if (healthcheck !== undefined) return { healthcheck, ...(httpProbe ? { httpProbe } : {}), warnings };
    // An httpGet-only probe: the readiness probe, or a liveness probe standing in for a missing one.
    const httpGet = probe.httpGet as HttpProbe['httpGet'];
    if (httpProbe === undefined && (key === 'readinessProbe' || container.readinessProbe == null)) {
      httpProbe = { field, httpGet };
    } else warnings.push(`${field}: httpGet container probe: not supported - ignoring`);
  }
  return { ...(httpProbe ? { httpProbe } : {}), warnings };
}

/** An exec probe's healthcheck, undefined for an httpGet-only probe. */
function probeToHealthcheck(field: string, probe: ContainerProbe): ComposeHealthcheck | undefined {
  if (probe.exec !== undefined && probe.exec !== null) {
    const command = probe.exec.command ?? [];
    if (command.length === 0) throw fieldError(field, 'exec command is empty');
    // Run in the container like `command` and `args`, and escaped the same way for compose.
    return { test: ['CMD', ...command.map(escapeDollarsForCompose)], timeout: '5s', interval: '5s' };
  }
  if (probe.httpGet !== undefined && probe.httpGet !== null) return undefined;
  throw fieldError(field, 'exec or httpGet must be specified');
}

/** True when the container declares any probe at all (the reference's test for `ready: healthy`). */
export function hasAnyProbe(container: Container): boolean {
  return container.readinessProbe != null || container.livenessProbe != null;
}
