// `score-compose up` with dns + route resources: the workload answers on
// http://<dns host>:<route port>/ from the host, through the nginx route stand-in.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, freePort, leftovers, ok, StackProjects } from '../helpers/stack-project.js';
import { httpGet, ROUTED_BODY, routedWorkloadScore } from '../helpers/stack-scores.js';

describeE2E('score-compose up: dns + route resources (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['mirror.gcr.io/nginx:1-alpine', 'busybox:latest', 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('answers http://<dns host>:<port>/ from the host through the router', async () => {
    // A free port rather than the default 8080, so parallel suites and local servers never collide.
    const port = await freePort();
    const p = await projects.create('route', { 'score.yaml': routedWorkloadScore('web', port) });
    const up = await p.run(['up', 'score.yaml', '--wait-timeout', '60']);
    if (up.code !== 0 && /port|address already in use|allocated/i.test(up.stderr)) {
      throw new Error(
        `host port ${port} was taken before the router could publish it (another process?): ${up.stderr}`,
      );
    }
    ok(up, 'up');

    const host = ok(
      await p.run(['resources', 'get-outputs', 'dns.default#web.dns', '-f', '{{host}}']),
      'get-outputs',
    ).stdout.trim();
    expect(host).toMatch(/^dns[a-z0-9]{6}\.localhost$/);
    const url = ok(
      await p.run(['resources', 'get-outputs', 'dns.default#web.dns', '-f', '{{url}}']),
      'get-outputs url',
    ).stdout.trim();
    expect(url).toBe(`http://${host}:${port}`);

    expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: ROUTED_BODY });
    // The router answers favicon requests itself: proof the request went through nginx.
    expect(await httpGet(port, host, '/favicon.ico')).toEqual({ status: 204, body: '' });

    // curl resolves *.localhost to the loopback address itself, as users will call it.
    if (spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0) {
      const curl = spawnSync('curl', ['-sS', '--max-time', '5', `${url}/`], { encoding: 'utf8' });
      expect(curl.stderr).toBe('');
      expect(curl.stdout).toBe(ROUTED_BODY);
    }

    ok(await p.run(['down', '-v']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);

  it('with the default router port, curl http://<dns host>:8080/<path> reaches the workload', async () => {
    // The documented default. No other test publishes host port 8080; if something outside the
    // suite holds it, the failure says so rather than skipping.
    const score = `apiVersion: score.dev/v1b1
metadata:
  name: site
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 3000 -h /www & wait"]
    files:
      /www/docs/index.html:
        content: "the docs page"
service:
  ports:
    http:
      port: 8080
      targetPort: 3000
resources:
  dns:
    type: dns
  route:
    type: route
    params:
      host: \${resources.dns.host}
      path: /docs
      port: 8080
`;
    const p = await projects.create('route8080', { 'score.yaml': score });
    const up = await p.run(['up', 'score.yaml', '--wait-timeout', '60']);
    if (up.code !== 0 && /port|address already in use|allocated/i.test(up.stderr)) {
      throw new Error(`host port 8080 is taken on this machine, so the default route cannot be checked: ${up.stderr}`);
    }
    ok(up, 'up');
    const url = ok(
      await p.run(['resources', 'get-outputs', 'dns.default#site.dns', '-f', '{{url}}']),
      'url',
    ).stdout.trim();
    expect(url).toMatch(/^http:\/\/dns[a-z0-9]{6}\.localhost:8080$/);
    const host = new URL(url).hostname;
    expect(await httpGet(8080, host, '/docs/')).toEqual({ status: 200, body: 'the docs page' });
    // Outside the route's path prefix nothing reaches the workload.
    expect((await httpGet(8080, host, '/other/')).status).toBe(404);
    if (spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0) {
      const curl = spawnSync('curl', ['-sS', '--max-time', '5', `${url}/docs/`], { encoding: 'utf8' });
      expect(curl.stderr).toBe('');
      expect(curl.stdout).toBe('the docs page');
    }
    ok(await p.run(['down', '-v']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);
});
