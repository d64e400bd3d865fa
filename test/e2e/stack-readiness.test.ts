// httpGet readiness probes on a real engine: servers that answer only after a delay, and
// dependants (a workload referring to one through a `service` resource, a container with
// `before: ready: healthy`) that must start only once the endpoint answered. Checked with the
// containers' own timestamps and the dependants' first requests, for our `up` and for
// `docker compose up --wait` on the same generated file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeAvailable, describeE2E, skipOrFail } from '../helpers/docker-env.js';
import { docker, ensureImages, leftovers, ok, StackProjects, type StackProject } from '../helpers/stack-project.js';

const run = promisify(execFile);

/** How long each server sleeps before it serves /healthz. */
const DELAY_S = 3;

/** busybox httpd on 8080 serving /healthz, but only after DELAY_S (plus `extra`) seconds. */
const slowServer = (extra = 0) =>
  `["trap 'exit 0' TERM; sleep ${DELAY_S + extra}; mkdir -p /www; echo ok > /www/healthz; httpd -f -p 8080 -h /www & wait"]`;

/** A container whose first request goes to $TARGET and says how it went, then idles. */
const firstRequest = `["trap 'exit 0' TERM; if wget -q -O /dev/null \\"$TARGET\\"; then echo first-request-ok; else echo first-request-failed; fi; sleep 3600 & wait"]`;

const FILES = {
  // web is referred to by client through a `service` resource.
  'web.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  server:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ${slowServer()}
    readinessProbe:
      httpGet: {port: 8080, path: /healthz}
service:
  ports:
    http: {port: 8080}
`,
  'client.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: client
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ${firstRequest}
    variables:
      TARGET: http://\${resources.backend.hostname}:\${resources.backend.port}/healthz
resources:
  backend:
    type: service
    params:
      workload: web
`,
  // Inside one workload: worker starts after api is ready (before: ready: healthy).
  'pair.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: pair
containers:
  api:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ${slowServer()}
    readinessProbe:
      httpGet: {port: 8080, path: /healthz}
    before:
      worker: {ready: healthy}
  worker:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ${firstRequest}
    variables:
      TARGET: http://pair-api:8080/healthz
`,
  // Nothing waits for solo: workloads.ready does, so that up --wait does too.
  'solo.yaml': `apiVersion: score.dev/v1b1
metadata:
  name: solo
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ${slowServer(1)}
    livenessProbe:
      httpGet: {port: 8080, path: /healthz}
`,
};

interface ContainerTimes {
  started: number;
  finished: number;
  status: string;
  exitCode: number;
}

function times(project: string, service: string): ContainerTimes {
  const state = JSON.parse(docker('inspect', '-f', '{{json .State}}', `${project}-${service}-1`)) as {
    StartedAt: string;
    FinishedAt: string;
    Status: string;
    ExitCode: number;
  };
  return {
    started: Date.parse(state.StartedAt),
    finished: Date.parse(state.FinishedAt),
    status: state.Status,
    exitCode: state.ExitCode,
  };
}

/** Clock granularity slack between Docker's timestamps and ours (same host). */
const SLACK_MS = 250;

/**
 * The orderings that matter, from the engine's own timestamps: each readiness service finished
 * (exit 0) no earlier than its server could answer, each dependant started after that and its
 * first request succeeded, and the command returned (`returnedAt`) after every probe finished.
 */
function expectReadinessHonoured(p: StackProject, returnedAt: number): void {
  const probes: [server: string, dependant: string | undefined, delayS: number][] = [
    ['web-server', 'client-main', DELAY_S],
    ['pair-api', 'pair-worker', DELAY_S],
    ['solo-main', undefined, DELAY_S + 1],
  ];
  for (const [server, dependant, delayS] of probes) {
    const s = times(p.name, server);
    const probe = times(p.name, `${server}.ready`);
    expect(s.status, server).toBe('running');
    expect([probe.status, probe.exitCode], `${server}.ready`).toEqual(['exited', 0]);
    // The endpoint cannot answer before the server's sleep is over.
    expect(probe.finished, `${server}.ready finished after the delay`).toBeGreaterThanOrEqual(
      s.started + delayS * 1000 - SLACK_MS,
    );
    expect(returnedAt, `returned after ${server}.ready`).toBeGreaterThanOrEqual(probe.finished - SLACK_MS);
    if (dependant === undefined) continue;
    const d = times(p.name, dependant);
    expect(d.status, dependant).toBe('running');
    expect(d.started, `${dependant} started after ${server} answered`).toBeGreaterThanOrEqual(probe.finished);
    expect(docker('logs', `${p.name}-${dependant}-1`).trim(), dependant).toBe('first-request-ok');
  }
  expect(times(p.name, 'workloads.ready').status).toBe('running');
}

describeE2E('httpGet readiness probes (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages(['busybox:latest', 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('our up starts dependants after the endpoint answers and returns only then; so does docker compose', async (ctx) => {
    const p = await projects.create('ready', FILES);
    const generated = ok(await p.run(['generate', 'web.yaml', 'client.yaml', 'pair.yaml', 'solo.yaml']), 'generate');
    expect(generated.stderr).not.toContain('httpGet');

    ok(await p.run(['up', '--wait-timeout', '90']), 'up');
    expectReadinessHonoured(p, Date.now());
    ok(await p.run(['down', '-v', '--timeout', '2']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });

    // The same generated compose.yaml under docker compose itself.
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    await run('docker', ['compose', '-p', p.name, 'up', '-d', '--wait', '--wait-timeout', '90'], {
      cwd: p.dir,
      timeout: 150_000,
    });
    expectReadinessHonoured(p, Date.now());
    await run('docker', ['compose', '-p', p.name, 'down', '-v', '-t', '2'], { cwd: p.dir, timeout: 150_000 });
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 240_000);
});
