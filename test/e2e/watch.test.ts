// `score-compose watch` against a real engine, as a user works with it: save a change, and the
// running stack shows it; a broken file prints an error and the stack keeps serving.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { docker, ensureImages, freePort, ok, runWatched, StackProjects } from '../helpers/stack-project.js';
import { httpGet, ROUTED_BODY, routedWorkloadScore } from '../helpers/stack-scores.js';

/** Resolves once `check` holds, polling; fails with `what` and the output so far after `ms`. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  output: () => string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- watch output ---\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const serves = (port: number, host: string, body: string) => async () => {
  const res = await httpGet(port, host, '/').catch(() => undefined);
  return res?.status === 200 && res.body === body ? true : undefined;
};

describeE2E('score-compose watch (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['mirror.gcr.io/nginx:1-alpine', 'busybox:latest', 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('serves saved content, recreates only a changed service, adds a workload, and survives a broken file', async () => {
    const port = await freePort();
    const score = routedWorkloadScore('web', port);
    const p = await projects.create('watch', { 'score.yaml': score });
    const stop = new AbortController();
    let output = '';
    const watching = runWatched(p.dir, ['watch', 'score.yaml', '--wait-timeout', '60'], {
      signal: stop.signal,
      onStderr: (text) => {
        output += text;
      },
    });
    try {
      await eventually(
        'the watch to start',
        () => (output.includes('Watching ') ? true : undefined),
        () => output,
        120_000,
      );
      const host = ok(
        await p.run(['resources', 'get-outputs', 'dns.default#web.dns', '-f', '{{host}}']),
        'host',
      ).stdout.trim();
      expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: ROUTED_BODY });
      const webId = () => docker('inspect', '--format', '{{.Id}}', `${p.name}-web-main-1`).trim();
      const routerId = () =>
        docker('ps', '-q', '--filter', `label=com.docker.compose.project=${p.name}`, '--filter', 'name=routing').trim();
      const [web0, router0] = [webId(), routerId()];

      // 1. New file content: served without a restart.
      let mark = output.length;
      await writeFile(join(p.dir, 'score.yaml'), score.replace(ROUTED_BODY, 'saved once'));
      await eventually('the new content over the route', serves(port, host, 'saved once'), () => output);
      await eventually(
        'the round to end',
        () => (/Done in \d+ ms/.test(output.slice(mark)) ? true : undefined),
        () => output,
      );
      expect(output.slice(mark)).toContain('Change detected: score.yaml');
      expect(output.slice(mark)).toContain('web-main: new file content in place, no restart');
      expect(webId()).toBe(web0);

      // 2. A changed variable recreates only its service.
      mark = output.length;
      const withVariable = score
        .replace(ROUTED_BODY, 'saved once')
        .replace('    command:', '    variables:\n      MODE: two\n    command:');
      await writeFile(join(p.dir, 'score.yaml'), withVariable);
      await eventually(
        'the recreate',
        () => (/recreated web-main \(configuration changed\)/.test(output.slice(mark)) ? true : undefined),
        () => output,
      );
      await eventually(
        'the round to end',
        () => (/Done in \d+ ms/.test(output.slice(mark)) ? true : undefined),
        () => output,
      );
      expect(webId()).not.toBe(web0);
      expect(routerId()).toBe(router0);
      expect(output.slice(mark)).not.toMatch(/recreated (?!web-main)/);
      expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: 'saved once' });

      // 3. Another workload, added from a second terminal, is reachable on its own host.
      mark = output.length;
      await mkdir(join(p.dir, 'admin'));
      await writeFile(
        join(p.dir, 'admin', 'score.yaml'),
        routedWorkloadScore('admin', port).replace(ROUTED_BODY, 'admin page'),
      );
      ok(await p.run(['generate', 'admin/score.yaml']), 'generate admin');
      const adminHost = ok(
        await p.run(['resources', 'get-outputs', 'dns.default#admin.dns', '-f', '{{host}}']),
        'admin host',
      ).stdout.trim();
      await eventually('the admin workload over its own host', serves(port, adminHost, 'admin page'), () => output);
      expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: 'saved once' });

      // ... and its Score file is watched and read again, although the watch was given only score.yaml.
      mark = output.length;
      await writeFile(
        join(p.dir, 'admin', 'score.yaml'),
        routedWorkloadScore('admin', port).replace(ROUTED_BODY, 'admin page, edited'),
      );
      await eventually('the edited admin page', serves(port, adminHost, 'admin page, edited'), () => output);
      expect(output.slice(mark)).toContain('Change detected: admin/score.yaml');

      // 4. A broken Score file: an error, and the stack keeps serving.
      mark = output.length;
      await writeFile(join(p.dir, 'score.yaml'), 'apiVersion: score.dev/v1b1\nmetadata: [\n');
      await eventually(
        'the error',
        () => (/Error: .*score\.yaml/.test(output.slice(mark)) ? true : undefined),
        () => output,
      );
      expect(output.slice(mark)).toContain('The stack keeps running as it was');
      expect(await httpGet(port, host, '/')).toEqual({ status: 200, body: 'saved once' });

      // ... and once fixed, the watch carries on.
      mark = output.length;
      await writeFile(join(p.dir, 'score.yaml'), withVariable.replace('saved once', 'fixed'));
      await eventually('the fixed content', serves(port, host, 'fixed'), () => output);
    } finally {
      stop.abort();
      const run = await watching;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('Stopped watching; the stack is still up');
    }
  }, 300_000);

  it('rebuilds the image when its build context changes, not for files .dockerignore leaves out', async () => {
    const port = await freePort();
    const score = `apiVersion: score.dev/v1b1
metadata:
  name: site
containers:
  main:
    image: .
service:
  ports:
    http:
      port: ${port}
      targetPort: 3000
`;
    const p = await projects.create('watchbuild', {
      'score.yaml': score,
      'app/Dockerfile':
        'FROM busybox:latest\nCOPY index.html /www/index.html\nCMD ["httpd", "-f", "-p", "3000", "-h", "/www"]\n',
      'app/index.html': 'built once',
      'app/.dockerignore': 'scratch/\n',
    });
    const stop = new AbortController();
    let output = '';
    const publish = `${port}:site:3000`;
    const watching = runWatched(p.dir, ['watch', 'score.yaml', '--build', 'main=./app', '--publish', publish], {
      signal: stop.signal,
      onStderr: (text) => {
        output += text;
      },
    });
    const direct = (body: string) => async () => {
      const res = await httpGet(port, 'localhost', '/').catch(() => undefined);
      return res?.status === 200 && res.body === body ? true : undefined;
    };
    try {
      await eventually(
        'the watch to start',
        () => (output.includes('Watching ') ? true : undefined),
        () => output,
        120_000,
      );
      await eventually('the first build served', direct('built once'), () => output);

      let mark = output.length;
      await mkdir(join(p.dir, 'app', 'scratch'));
      await writeFile(join(p.dir, 'app', 'scratch', 'notes.txt'), 'ignored by .dockerignore');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(output.slice(mark)).not.toContain('Change detected');

      mark = output.length;
      await writeFile(join(p.dir, 'app', 'index.html'), 'built twice');
      await eventually('the rebuilt page', direct('built twice'), () => output, 120_000);
      await eventually(
        'the round to end',
        () => (/Done in \d+ ms/.test(output.slice(mark)) ? true : undefined),
        () => output,
      );
      expect(output.slice(mark)).toContain('Change detected: app/index.html');
      expect(output.slice(mark)).toContain('rebuilt the image of site-main');
      expect(output.slice(mark)).toMatch(/recreated site-main \(image changed\)/);
    } finally {
      stop.abort();
      expect((await watching).code).toBe(0);
    }
  }, 300_000);
});
