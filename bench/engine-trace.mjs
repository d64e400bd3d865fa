// A counting proxy in front of the Docker socket, for the diagnostic runs only: clients are pointed
// at it with DOCKER_HOST=unix://<proxy>, every byte is passed through unchanged, and each HTTP
// request line seen on the way to the engine is recorded with its time. Timed runs never use it.

import { createConnection, createServer } from 'node:net';
import { rmSync } from 'node:fs';

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\/[^ \r\n]*) HTTP\/1\.[01]\r\n/g;

/** Groups a request path so repeated calls on different objects count together. */
export function endpointKey(method, path) {
  const bare = path.split('?')[0].replace(/^\/v\d+\.\d+/, '');
  // Collection verbs (list, create, prune) stay; object names and ids are grouped.
  const grouped = bare.replace(
    /^\/(containers|networks|volumes|images|exec)\/(.+?)(\/(?:json|start|stop|kill|wait|logs|connect|disconnect))?$/,
    (all, kind, id, verb) => (['json', 'create', 'prune'].includes(id) ? all : `/${kind}/{id}${verb ?? ''}`),
  );
  return `${method} ${grouped}`;
}

/** Starts the proxy on `socketPath`, forwarding to `engineSocket`; resolves to { requests, close }. */
export function startEngineProxy(socketPath, engineSocket) {
  rmSync(socketPath, { force: true });
  const requests = [];
  const t0 = process.hrtime.bigint();
  const server = createServer((client) => {
    const upstream = createConnection(engineSocket);
    client.on('data', (chunk) => {
      const at = Number(process.hrtime.bigint() - t0) / 1e6;
      // Request bodies here are JSON or small tars, which never hold an HTTP request line.
      for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) requests.push({ at, method: m[1], path: m[2] });
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(socketPath, () =>
      resolve({
        requests,
        /** Milliseconds on the clock the request times use. */
        now() {
          return Number(process.hrtime.bigint() - t0) / 1e6;
        },
        /** Clears the record, e.g. between steps. */
        reset() {
          requests.length = 0;
        },
        close() {
          return new Promise((done) => {
            server.close(() => done());
            rmSync(socketPath, { force: true });
          });
        },
      }),
    );
  });
}

/** Counts recorded requests by endpoint, most frequent first: [{ key, count }]. */
export function countByEndpoint(requests) {
  const counts = new Map();
  for (const r of requests) {
    const key = endpointKey(r.method, r.path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
