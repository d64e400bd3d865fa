// Container resources → Kubernetes `resources`, quantities in their canonical form.
import { fieldError } from '../../convert/convert-error.js';
import type { ContainerResources } from '../../score/types.js';
import { canonicalQuantity } from '../quantity.js';

function list(field: string, input: { cpu?: string; memory?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['cpu', 'memory'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    try {
      out[key] = canonicalQuantity(String(value));
    } catch (err) {
      throw fieldError(field, `${key}: failed to parse '${value}': ${(err as Error).message}`, undefined, key);
    }
  }
  return out;
}

export function convertContainerResources(field: string, resources: ContainerResources | undefined) {
  return {
    ...(resources?.requests ? { requests: list(`${field}.requests`, resources.requests) } : {}),
    ...(resources?.limits ? { limits: list(`${field}.limits`, resources.limits) } : {}),
  };
}
