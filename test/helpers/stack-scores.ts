// Score files shared by the CLI-level e2e suites (test/e2e/stack-*.test.ts).
import { request } from 'node:http';

/**
 * The `resources:` entries of a dns name and a route `/` on it to service port `port` (a name or a
 * number), for a Score file to put under its own `resources:`.
 */
export const dnsAndRoute = (port: string | number): string => `  dns:
    type: dns
  route:
    type: route
    params:
      host: \${resources.dns.host}
      path: /
      port: ${port}
`;

/** What the busybox httpd workload of {@link routedWorkloadScore} serves at `/`. */
export const ROUTED_BODY = 'hello through the route stand-in';

/**
 * A workload `name` running busybox httpd on 3000, serving a Score `files` entry at `/`, with
 * service port 8080 → 3000, a dns name and a route `/` on it. The router's host port is `port`
 * on both resources, so the dns url names it too. `withPostgres` adds a postgres resource whose
 * host the workload receives as DB_HOST.
 */
export function routedWorkloadScore(name: string, port: number, withPostgres = false): string {
  const annotations = `    metadata:\n      annotations:\n        compose.score.dev/route-provisioner-port: "${port}"\n`;
  return `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; httpd -f -p 3000 -h /www & wait"]
    files:
      - target: /www/index.html
        content: "${ROUTED_BODY}"
${withPostgres ? '    variables:\n      DB_HOST: ${resources.db.host}\n' : ''}service:
  ports:
    http:
      port: 8080
      targetPort: 3000
resources:
${withPostgres ? '  db:\n    type: postgres\n' : ''}  dns:
    type: dns
${annotations}  route:
    type: route
${annotations}    params:
      host: \${resources.dns.host}
      path: /
      port: 8080
`;
}

/** GET http://127.0.0.1:<port><path> with a Host header, as a client resolving *.localhost does. */
export function httpGet(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `${host}:${port}` }, timeout: 5_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}
