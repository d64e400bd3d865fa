// A unix socket that forwards to the Docker engine, for losing the engine mid-run without
// stopping the shared one: point DOCKER_HOST at `url`, then `cut()` resets every connection and
// refuses new ones, as an engine that died would.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineAddress } from './docker-env.js';

/** A running proxy. */
export interface EngineProxy {
  /** `unix:///…/engine.sock`, for DOCKER_HOST. */
  url: string;
  /** Connections made through it so far. */
  connections(): number;
  /** Resets open connections and stops accepting new ones. */
  cut(): Promise<void>;
}

/** Starts a proxy to the engine the tests use (DOCKER_HOST or /var/run/docker.sock). */
export async function startEngineProxy(): Promise<EngineProxy> {
  const address = engineAddress();
  if (address === undefined) throw new Error('the engine proxy needs a unix or tcp DOCKER_HOST');
  const path = join(await mkdtemp(join(tmpdir(), 'sct-proxy-')), 'engine.sock');
  const open = new Set<Socket>();
  let count = 0;
  let cut = false;
  const server = createServer((client) => {
    count += 1;
    const upstream = 'socketPath' in address ? connect(address.socketPath) : connect(address.port, address.host);
    open.add(client);
    open.add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return {
    url: `unix://${path}`,
    connections: () => count,
    cut: async () => {
      if (cut) return;
      cut = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A unix socket has no RST: closing it is what the client sees when the engine dies.
        for (const s of open) s.destroy();
      });
      rmSync(path, { force: true });
    },
  };
}
