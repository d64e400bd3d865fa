// Readiness services across workloads: `service` references wait for the referred workload's
// probes, cycles are refused with a warning, and `workloads.ready` waits for the probes nothing
// else waits for. Last, the whole path through `generate` with the default `service` provisioner.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ComposeDependency, ComposeService } from '../../../src/compose/types.js';
import {
  addReadinessWaits,
  serviceReferences,
  WAIT_FOR_READINESS,
  type WorkloadServiceNames,
} from '../../../src/assemble/wait-for-readiness.js';
import { emptyState } from '../../../src/state/store.js';
import type { State } from '../../../src/state/types.js';
import type { Workload } from '../../../src/score/types.js';
import { runIn, tempProject } from '../../helpers/cli.js';
import { expectComposeAccepts } from '../../helpers/compose-check.js';

const completed: ComposeDependency = { condition: 'service_completed_successfully', required: true };

/** Workload `name` with one container `main`, and its readiness service when `probed`. */
function names(name: string, probed: boolean): WorkloadServiceNames {
  return { containers: [`${name}-main`], readiness: probed ? [`${name}-main.ready`] : [] };
}

function servicesOf(workloads: Record<string, WorkloadServiceNames>): Record<string, ComposeService> {
  const out: Record<string, ComposeService> = {};
  for (const w of Object.values(workloads)) {
    for (const c of w.containers) out[c] = { image: 'i' };
    for (const r of w.readiness)
      out[r] = { image: 'alpine', depends_on: { [r.slice(0, -6)]: { condition: 'service_started', required: true } } };
  }
  return out;
}

describe('addReadinessWaits', () => {
  it('makes the containers of a referring workload wait for the referred workload’s readiness services', () => {
    const workloads = {
      api: { containers: ['api-main', 'api-side'], readiness: ['api-main.ready', 'api-side.ready'] },
      web: names('web', false),
    };
    const services = servicesOf(workloads);
    const out = addReadinessWaits(services, workloads, { web: [{ resource: 'backend', workload: 'api' }] });
    expect(out.warnings).toEqual([]);
    expect(out.services['web-main']?.depends_on).toEqual({ 'api-main.ready': completed, 'api-side.ready': completed });
    // Every readiness service is waited for, so there is no workloads.ready; the input is not changed.
    expect(out.services).not.toHaveProperty(WAIT_FOR_READINESS);
    expect(services['web-main']).toEqual({ image: 'i' });
  });

  it('adds workloads.ready for readiness services nothing waits for, and nothing without any', () => {
    const workloads = { api: names('api', true), db: names('db', true), web: names('web', false) };
    const out = addReadinessWaits(servicesOf(workloads), workloads, { web: [{ resource: 'api', workload: 'api' }] });
    expect(out.services[WAIT_FOR_READINESS]).toEqual({
      command: ['sleep', 'infinity'],
      depends_on: { 'db-main.ready': completed },
      image: 'alpine',
      stop_signal: 'SIGKILL',
    });
    const none = { web: names('web', false) };
    const services = servicesOf(none);
    expect(addReadinessWaits(services, none, {})).toEqual({ services, warnings: [] });
  });

  it('counts a before dependency on a readiness service as waiting for it', () => {
    const workloads = { api: { containers: ['api-a', 'api-b'], readiness: ['api-a.ready'] } };
    const services = servicesOf(workloads);
    services['api-b'] = { image: 'i', depends_on: { 'api-a.ready': completed } };
    expect(addReadinessWaits(services, workloads, {}).services).not.toHaveProperty(WAIT_FOR_READINESS);
  });

  it('refuses a wait that would close a cycle, with a warning, and ignores workloads without probes', () => {
    const workloads = { a: names('a', true), b: names('b', true), c: names('c', true), plain: names('plain', false) };
    const out = addReadinessWaits(servicesOf(workloads), workloads, {
      a: [{ resource: 'to-b', workload: 'b' }],
      b: [{ resource: 'to-c', workload: 'c' }],
      c: [
        { resource: 'to-a', workload: 'a' },
        { resource: 'to-plain', workload: 'plain' },
      ],
      plain: [{ resource: 'to-a', workload: 'a' }],
    });
    expect(out.services['a-main']?.depends_on).toEqual({ 'b-main.ready': completed });
    expect(out.services['b-main']?.depends_on).toEqual({ 'c-main.ready': completed });
    expect(out.services['c-main']?.depends_on).toBeUndefined();
    expect(out.services['plain-main']?.depends_on).toEqual({ 'a-main.ready': completed });
    expect(out.warnings).toEqual([
      "resources.to-a: workload 'c' does not wait for the readiness probes of workload 'a': 'a' already waits for 'c', and waiting both ways is a dependency cycle",
    ]);
    // a waits for b, b for c, plain for a: each readiness service has a dependant.
    expect(out.services).not.toHaveProperty(WAIT_FOR_READINESS);
  });

  it('refuses to replace a provisioner service named workloads.ready', () => {
    const workloads = { api: names('api', true) };
    const services = { ...servicesOf(workloads), [WAIT_FOR_READINESS]: { image: 'x' } };
    expect(() => addReadinessWaits(services, workloads, {})).toThrow(
      "cannot add 'workloads.ready': a provisioner already defines a service of that name",
    );
  });
});

describe('serviceReferences', () => {
  const workload = (name: string, resources: Workload['resources'] = {}): { spec: Workload } => ({
    spec: { apiVersion: 'score.dev/v1b1', metadata: { name }, containers: { main: { image: 'i' } }, resources },
  });
  const resource = (type: string, id: string, source: string, outputs: Record<string, unknown>) => ({
    guid: 'g',
    type,
    class: 'default',
    id,
    metadata: {},
    params: {},
    source_workload: source,
    state: {},
    outputs,
  });

  it('finds service resources whose name output is another workload of the project', () => {
    const state: State = {
      ...emptyState('p'),
      workloads: {
        api: workload('api'),
        web: workload('web', {
          backend: { type: 'service', params: { workload: 'api' } },
          self: { type: 'service' },
          external: { type: 'service' },
          shared: { type: 'service', id: 'the-api' },
          port: { type: 'service-port', params: { workload: 'api', port: 'http' } },
        }),
      },
      resources: {
        'service.default#web.backend': resource('service', 'web.backend', 'web', { name: 'api', hostname: 'api' }),
        'service.default#web.self': resource('service', 'web.self', 'web', { name: 'web', hostname: 'web' }),
        'service.default#web.external': resource('service', 'web.external', 'web', { name: 'api.example.com' }),
        'service.default#the-api': resource('service', 'the-api', 'web', { name: 'api' }),
        'service-port.default#web.port': resource('service-port', 'web.port', 'web', { hostname: 'api', port: 80 }),
      },
    };
    expect(serviceReferences(state)).toEqual({
      web: [
        { resource: 'backend', workload: 'api' },
        { resource: 'shared', workload: 'api' },
      ],
    });
  });
});

describe('generate with readiness probes', () => {
  const api = `apiVersion: score.dev/v1b1
metadata:
  name: api
containers:
  main:
    image: busybox
    readinessProbe:
      httpGet: {port: 8080, path: /healthz}
service:
  ports:
    http: {port: 8080}
`;
  const web = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox
    variables:
      API: http://\${resources.api.hostname}:\${resources.api.port}
resources:
  api:
    type: service
`;

  it('makes a workload referring to another through a service resource wait for its probes', async () => {
    const dir = await tempProject('readiness', { 'api.yaml': api, 'web.yaml': web });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const run = await runIn(dir, ['generate', 'api.yaml', 'web.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('WARN');
    const compose = parse(await readFile(join(dir, 'compose.yaml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['api-main', 'api-main.ready', 'web-main']);
    expect(compose.services['web-main']?.depends_on).toEqual({ 'api-main.ready': completed });
    expect(compose.services['web-main']?.environment).toEqual({ API: 'http://api:8080' });
    await expectComposeAccepts(join(dir, 'compose.yaml'), dir);

    // Alone, the probed workload is waited for by workloads.ready (so that `up --wait` waits).
    const alone = await tempProject('readiness-alone', { 'api.yaml': api });
    expect((await runIn(alone, ['init', '--no-sample'])).code).toBe(0);
    expect((await runIn(alone, ['generate', 'api.yaml'])).code).toBe(0);
    const composeAlone = parse(await readFile(join(alone, 'compose.yaml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    expect(Object.keys(composeAlone.services).sort()).toEqual(['api-main', 'api-main.ready', WAIT_FOR_READINESS]);
    await expectComposeAccepts(join(alone, 'compose.yaml'), alone);
  });
});
