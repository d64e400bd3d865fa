// Turns a failed wait into the message compose prints, with the last log lines of the
// container in the error details so the user sees why without running `logs`.

import { ScoreComposeError } from '../../common/errors.js';
import type { ContainerRuntime } from '../engine/container-runtime.js';
import type { WaitFailure } from './container-watch.js';

/** How many log lines a failure carries. */
export const FAILURE_LOG_LINES = 30;

/** Why the wait happened: a depends_on condition of another service, or the final `--wait`. */
export type WaitContext = { kind: 'dependency'; dependent: string } | { kind: 'final' };

/** Compose's wording for a failed wait, so errors read like those of `docker compose up`. */
export function waitFailureMessage(
  service: string,
  containerName: string,
  failure: WaitFailure,
  ctx: WaitContext,
): string {
  const o = failure.outcome;
  switch (o.kind) {
    case 'exited':
      if (failure.target === 'completed')
        return `service "${service}" didn't complete successfully: exit ${o.exitCode}`;
      return `container ${containerName} exited (${o.exitCode})`;
    case 'unhealthy':
      return ctx.kind === 'dependency'
        ? `dependency failed to start: container ${containerName} is unhealthy`
        : `container ${containerName} is unhealthy`;
    case 'no-healthcheck':
      return `container ${containerName} has no healthcheck configured`;
    case 'removed':
      return `container ${containerName} was removed while waiting for it`;
  }
}

/** The last lines a container wrote (stdout and stderr interleaved as the engine returns them). */
export async function tailLogs(runtime: ContainerRuntime, id: string, lines = FAILURE_LOG_LINES): Promise<string[]> {
  try {
    let text = '';
    for await (const chunk of runtime.containerLogs(id, { tail: lines })) text += chunk.text;
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    return all.slice(-lines);
  } catch {
    return ['(logs unavailable)'];
  }
}

/** The user error for a failed wait, naming the service and carrying its recent logs. */
export async function waitFailureError(
  runtime: ContainerRuntime,
  service: string,
  containerName: string,
  failure: WaitFailure,
  ctx: WaitContext,
): Promise<ScoreComposeError> {
  const logs = await tailLogs(runtime, failure.containerId);
  const details =
    logs.length === 0
      ? [`service "${service}" (container ${containerName}) wrote no logs`]
      : [`last log lines of service "${service}" (container ${containerName}):`, ...logs.map((l) => `  ${l}`)];
  return new ScoreComposeError('runtime', message(service, containerName, failure, ctx), {
    details,
    hint: `see the full output with \`docker logs ${containerName}\``,
  });
}

function message(service: string, containerName: string, failure: WaitFailure, ctx: WaitContext): string {
  const text = waitFailureMessage(service, containerName, failure, ctx);
  return ctx.kind === 'dependency' ? text : `service "${service}": ${text}`;
}
