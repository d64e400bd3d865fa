// Finds a reachable Docker engine and returns a runtime with a negotiated API version.

import { ScoreComposeError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import { silentLogger } from '../../common/log.js';
import type { ContainerRuntime, EngineEndpoint } from './container-runtime.js';
import { endpointLabel, resolveEngineCandidates } from './candidates.js';

/** Opens a runtime on one endpoint (negotiating the API version); injectable for tests. */
export type RuntimeOpener = (endpoint: EngineEndpoint, signal?: AbortSignal) => Promise<ContainerRuntime>;

/** Options of connectRuntime. */
export interface ConnectOptions {
  logger?: Logger;
  signal?: AbortSignal;
  open?: RuntimeOpener;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
}

// dockerode is loaded only here, so `generate` never pays for it.
const openDocker: RuntimeOpener = async (endpoint, signal) => {
  const { openDockerRuntime } = await import('./docker-runtime.js');
  return openDockerRuntime(endpoint, signal === undefined ? {} : { signal });
};

/** Connects to the engine named by DOCKER_HOST, the current Docker context, or a well-known socket. */
export async function connectRuntime(
  env: Record<string, string | undefined> = process.env,
  opts: ConnectOptions = {},
): Promise<ContainerRuntime> {
  const logger = opts.logger ?? silentLogger;
  const open = opts.open ?? openDocker;
  const candidates = resolveEngineCandidates(env, {
    ...(opts.platform === undefined ? {} : { platform: opts.platform }),
    ...(opts.exists === undefined ? {} : { exists: opts.exists }),
  });
  const looked: string[] = [];
  for (const c of candidates) {
    const where = `${endpointLabel(c.endpoint)} (${c.source})`;
    if (!c.present) {
      looked.push(`${where}: not found`);
      continue;
    }
    try {
      const runtime = await open(c.endpoint, opts.signal);
      logger.debug(`using the Docker engine at ${where}, API ${runtime.apiVersion}`);
      return runtime;
    } catch (err) {
      if (opts.signal?.aborted === true)
        throw new ScoreComposeError('interrupted', 'interrupted while connecting to the Docker engine');
      // A version the engine refuses is not "unreachable": report it as is.
      if (err instanceof ScoreComposeError && err.message.includes('needs API')) throw err;
      looked.push(`${where}: ${err instanceof Error ? err.message : String(err)}`);
      if (c.explicit) break;
    }
  }
  const explicit = candidates.some((c) => c.explicit);
  throw new ScoreComposeError('engine', 'cannot connect to the Docker engine', {
    details: looked,
    hint: explicit
      ? 'check that the engine at that address is running, or unset DOCKER_HOST / DOCKER_CONTEXT to use the local socket'
      : 'start the Docker daemon (e.g. `dockerd`, Docker Desktop or `colima start`), or set DOCKER_HOST to its address (unix:///path/docker.sock or tcp://host:2376)',
  });
}
