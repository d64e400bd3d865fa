import { describe, expect, it } from 'vitest';
import { type Fixture, inputFor, loadDefault, provisionWith } from './harness.js';

// service-port and service point at other workloads through WorkloadServices; they emit only
// outputs, and fail with clear messages when the workload or port is unknown.

function run(name: string, fixture: Fixture) {
  return provisionWith(loadDefault(name), inputFor(fixture));
}

describe('service-port provisioner', () => {
  const ok = async (params: Record<string, unknown>) =>
    (await run('service-port', { type: 'service-port', params })).outputs;

  it('gives the workload hostname and the target port of a named or numbered port', async () => {
    expect(await ok({ workload: 'other', port: 'admin' })).toEqual({ hostname: 'other', port: 9001 });
    expect(await ok({ workload: 'other', port: '8080' })).toEqual({ hostname: 'other', port: 3000 });
    expect(await ok({ workload: 'other', port: 8080 })).toEqual({ hostname: 'other', port: 3000 });
  });

  const errors: [string, Record<string, unknown> | undefined, string][] = [
    ['no params', undefined, "expected 'workload' param for the target workload name"],
    ['no workload', { port: 'web' }, "expected 'workload' param for the target workload name"],
    ['no port', { workload: 'other' }, "expected 'port' param for the name of the target workload service port"],
    ['an unknown workload', { workload: 'nobody', port: 'web' }, 'unknown workload'],
    ['an unknown port', { workload: 'other', port: 'grpc' }, 'unknown service port'],
    ['a workload without ports', { workload: 'bare', port: 'web' }, 'unknown service port'],
  ];
  for (const [name, params, message] of errors) {
    it(`rejects ${name}`, async () => {
      const attempt = run('service-port', { type: 'service-port', ...(params ? { params } : {}) });
      await expect(attempt).rejects.toThrow(/^outputs template failed: failed to execute template: /);
      await expect(attempt).rejects.toThrow(new RegExp(`error calling fail: ${message}$`));
    });
  }
});

describe('service provisioner', () => {
  const outputs = async (fixture: Omit<Fixture, 'type'>) =>
    (await run('service', { type: 'service', ...fixture })).outputs;

  it('refers to the workload named by the resource, with its first port in sorted key order', async () => {
    expect(await outputs({ id: 'frontend.other' })).toEqual({ name: 'other', hostname: 'other', port: 3000 });
    expect(await outputs({ id: 'other' })).toEqual({ name: 'other', hostname: 'other', port: 3000 });
  });

  it('prefers params.workload and params.port', async () => {
    expect(await outputs({ id: 'frontend.backend', params: { workload: 'other', port: 'admin' } })).toEqual({
      name: 'other',
      hostname: 'other',
      port: 9001,
    });
    expect(await outputs({ id: 'frontend.backend', params: { workload: 'example', port: 80 } })).toEqual({
      name: 'example',
      hostname: 'example',
      port: 8080,
    });
  });

  it('gives no port for a workload without service ports', async () => {
    expect(await outputs({ id: 'frontend.bare' })).toEqual({ name: 'bare', hostname: 'bare' });
  });

  it('fails clearly for an unknown workload or port', async () => {
    await expect(outputs({ id: 'frontend.backend' })).rejects.toThrow(
      /error calling fail: unknown workload 'backend': no workload of that name has been generated; pass its Score file to this or an earlier generate, or set params\.workload$/,
    );
    await expect(outputs({ id: 'frontend.other', params: { port: 'grpc' } })).rejects.toThrow(
      /error calling fail: unknown service port 'grpc' on workload 'other'$/,
    );
  });
});

describe('horizontal-pod-autoscaler provisioner', () => {
  it('accepts any params and produces nothing', async () => {
    const output = await run('horizontal-pod-autoscaler', {
      type: 'horizontal-pod-autoscaler',
      params: { minReplicas: 2, maxReplicas: 3 },
    });
    expect(output).toEqual({ state: {}, outputs: {} });
  });
});
