// Score container resources → compose `deploy.resources`.
// Improvement over the reference, which ignores them with a warning: docker compose applies
// `deploy.resources.limits` (cpus, memory) and `reservations.memory` without swarm.
import type { Container } from '../score/types.js';
import type { ComposeResourceSpec, ComposeService } from '../compose/types.js';
import { fieldError } from './convert-error.js';
import { cpuToComposeCpus, memoryToComposeBytes } from './quantity.js';

/** `deploy` for a container's limits and requests; undefined when it declares none. */
export function convertResources(containerName: string, container: Container): ComposeService['deploy'] {
  const limits = toSpec(`containers.${containerName}.resources.limits`, container.resources?.limits);
  const reservations = toSpec(`containers.${containerName}.resources.requests`, container.resources?.requests);
  if (limits === undefined && reservations === undefined) return undefined;
  return { resources: { ...(limits && { limits }), ...(reservations && { reservations }) } };
}

function toSpec(field: string, raw: { memory?: string; cpu?: string } | undefined): ComposeResourceSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  const spec: ComposeResourceSpec = {};
  if (raw.cpu !== undefined && raw.cpu !== null) {
    const cpus = cpuToComposeCpus(raw.cpu);
    if (cpus === undefined) {
      throw fieldError(
        `${field}.cpu`,
        `invalid CPU quantity '${raw.cpu}'`,
        'use a positive number of CPUs such as 2 or 0.5, or milli-CPUs such as 250m',
      );
    }
    spec.cpus = cpus;
  }
  if (raw.memory !== undefined && raw.memory !== null) {
    const memory = memoryToComposeBytes(raw.memory);
    if (memory === undefined) {
      throw fieldError(
        `${field}.memory`,
        `invalid memory quantity '${raw.memory}'`,
        'use a positive byte count with an optional unit such as 512Mi, 1Gi or 128M',
      );
    }
    spec.memory = memory;
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}
