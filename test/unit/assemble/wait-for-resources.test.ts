// wait-for-resources (behaviour doc §6.12, TestInitAndGenerate_with_depends_on).
import { describe, expect, it } from 'vitest';
import type { ComposeService } from '../../../src/compose/types.js';
import {
  addWaitForResources,
  dependOnResources,
  dependOnWaitForResources,
} from '../../../src/assemble/wait-for-resources.js';

const resourceServices: Record<string, ComposeService> = {
  init_service: { image: 'thing', labels: { 'dev.score.compose.labels.is-init-container': 'true' } },
  generic_service: { image: 'other' },
  service_with_healthcheck: { image: 'something', healthcheck: { test: ['CMD', 'boo'] } },
};

describe('addWaitForResources', () => {
  it('waits for each resource service with the matching condition', () => {
    const out = addWaitForResources(resourceServices, Object.keys(resourceServices));
    expect(out['wait-for-resources']).toEqual({
      image: 'alpine',
      command: ['echo'],
      depends_on: {
        generic_service: { condition: 'service_started', required: true },
        init_service: { condition: 'service_completed_successfully', required: true },
        service_with_healthcheck: { condition: 'service_healthy', required: true },
      },
    });
    expect(resourceServices).not.toHaveProperty('wait-for-resources');
  });

  it('adds nothing without resource services', () => {
    expect(addWaitForResources(resourceServices, [])).toBe(resourceServices);
  });

  it('does not wait for health on a disabled healthcheck', () => {
    const out = addWaitForResources({ a: { healthcheck: { test: ['NONE'] } }, b: { healthcheck: { disable: true } } }, [
      'a',
      'b',
    ]);
    expect(out['wait-for-resources']?.depends_on).toEqual({
      a: { condition: 'service_started', required: true },
      b: { condition: 'service_started', required: true },
    });
  });
});

describe('dependOnWaitForResources', () => {
  it('adds the dependency and keeps existing ones', () => {
    const out = dependOnWaitForResources({
      'example-main': {
        image: 'n',
        depends_on: { 'example-init': { condition: 'service_completed_successfully', required: true } },
      },
    });
    expect(out['example-main']?.depends_on).toEqual({
      'example-init': { condition: 'service_completed_successfully', required: true },
      'wait-for-resources': { condition: 'service_completed_successfully', required: true },
    });
  });
});

describe('dependOnResources (test environments: no wait-for-resources)', () => {
  it('gives each workload service the conditions wait-for-resources would have had, except readiness services', () => {
    const out = dependOnResources(
      {
        'example-main': {
          image: 'n',
          depends_on: { 'example-init': { condition: 'service_completed_successfully', required: true } },
        },
        'example-main-ready': { image: 'busybox' },
      },
      resourceServices,
      ['example-main-ready'],
    );
    expect(out['example-main']?.depends_on).toEqual({
      'example-init': { condition: 'service_completed_successfully', required: true },
      generic_service: { condition: 'service_started', required: true },
      init_service: { condition: 'service_completed_successfully', required: true },
      service_with_healthcheck: { condition: 'service_healthy', required: true },
    });
    expect(out['example-main-ready']).toEqual({ image: 'busybox' });
    expect(out).not.toHaveProperty('wait-for-resources');
  });

  it('changes nothing without resource services', () => {
    const services = { a: { image: 'n' } };
    expect(dependOnResources(services, {})).toBe(services);
  });
});
