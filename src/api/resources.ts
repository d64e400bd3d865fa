import { userError } from '../common/errors.js';
import { provisioningOrder } from '../provisioners/order.js';
import { loadState } from '../state/store.js';
import type { State } from '../state/types.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';

/** One row of `resources list`. */
export interface ResourceSummary {
  uid: string;
  /** Sorted output keys. */
  outputs: string[];
}

/** The resources of the current workloads in provisioning order, with their output keys. */
export function summariseResources(state: State): ResourceSummary[] {
  return provisioningOrder(state).map((uid) => ({
    uid,
    outputs: Object.keys(state.resources[uid]?.outputs ?? {}).sort(),
  }));
}

/** Reads the state and lists its resources (`score-compose resources list`). */
export async function listResources(projectDir: string, tool: Tool = SCORE_COMPOSE): Promise<ResourceSummary[]> {
  return summariseResources(await loadState(projectDir, tool));
}

/** The stored outputs of one resource (`score-compose resources get-outputs`). */
export async function getResourceOutputs(
  projectDir: string,
  uid: string,
  tool: Tool = SCORE_COMPOSE,
): Promise<Record<string, unknown>> {
  const state = await loadState(projectDir, tool);
  const resource = state.resources[uid];
  if (!resource) {
    const known = Object.keys(state.resources).sort();
    throw userError('input', `no such resource '${uid}'`, {
      hint: known.length > 0 ? `known resources: ${known.join(', ')}` : `run "${tool.name} generate" first`,
    });
  }
  return resource.outputs ?? {};
}
