import { describe, expect, it } from 'vitest';
import {
  observeContainer,
  planConvergence,
  type DesiredService,
  type ObservedContainer,
} from '../../../../src/runtime/up/plan.js';

const want = (name: string, over: Partial<DesiredService> = {}): DesiredService => ({
  name,
  configHash: `h-${name}`,
  imageId: 'sha256:i',
  dependencies: [],
  restartWith: [],
  ...over,
});
const have = (service: string, over: Partial<ObservedContainer> = {}): ObservedContainer => ({
  id: `id-${service}`,
  name: `p-${service}-1`,
  service,
  number: 1,
  configHash: `h-${service}`,
  imageId: 'sha256:i',
  state: 'running',
  ...over,
});

describe('planConvergence', () => {
  it('keeps everything when nothing changed', () => {
    const plan = planConvergence([want('db'), want('web', { dependencies: ['db'] })], [have('web'), have('db')]);
    expect(plan.order).toEqual(['db', 'web']);
    expect(Object.values(plan.actions).map((a) => a.kind)).toEqual(['keep', 'keep']);
    expect(plan.orphans).toEqual([]);
    expect(plan.surplus).toEqual([]);
  });

  it('creates missing services and orders dependencies first', () => {
    const plan = planConvergence([want('web', { dependencies: ['db', 'cache'] }), want('db'), want('cache')], []);
    expect(plan.order).toEqual(['cache', 'db', 'web']);
    expect(plan.actions.web).toEqual({ kind: 'create', service: 'web' });
  });

  it('recreates on a changed hash or image, only that service', () => {
    const plan = planConvergence([want('db'), want('web', { configHash: 'new' })], [have('db'), have('web')]);
    expect(plan.actions.db?.kind).toBe('keep');
    expect(plan.actions.web).toMatchObject({ kind: 'recreate', reason: 'configuration changed' });
    const img = planConvergence([want('db', { imageId: 'sha256:new' })], [have('db')]);
    expect(img.actions.db).toMatchObject({ kind: 'recreate', reason: 'image changed' });
  });

  it('ignores the image when the container has no image label', () => {
    const { imageId: _drop, ...noImage } = have('db');
    expect(planConvergence([want('db', { imageId: 'sha256:new' })], [noImage]).actions.db?.kind).toBe('keep');
  });

  it('recreates dependants with restart: true when a dependency is recreated, not others', () => {
    const plan = planConvergence(
      [
        want('db', { configHash: 'changed' }),
        want('app', { dependencies: ['db'], restartWith: ['db'] }),
        want('other', { dependencies: ['db'] }),
      ],
      [have('db'), have('app'), have('other')],
    );
    expect(plan.actions.app).toMatchObject({ kind: 'recreate', reason: 'dependency "db" was recreated' });
    expect(plan.actions.other?.kind).toBe('keep');
  });

  it('recreates a network_mode sidecar with its parent, or when it points at an old parent', () => {
    const side = want('side', { dependencies: ['web'], networkParent: 'web' });
    const plan = planConvergence(
      [want('web', { configHash: 'x' }), side],
      [have('web'), have('side', { networkMode: 'container:id-web' })],
    );
    expect(plan.actions.side?.kind).toBe('recreate');
    const stale = planConvergence([want('web'), side], [have('web'), have('side', { networkMode: 'container:gone' })]);
    expect(stale.actions.side).toMatchObject({ kind: 'recreate', reason: 'network parent "web" was replaced' });
    const fine = planConvergence([want('web'), side], [have('web'), have('side', { networkMode: 'container:id-web' })]);
    expect(fine.actions.side?.kind).toBe('keep');
  });

  it('reports orphans and surplus replicas', () => {
    const plan = planConvergence(
      [want('web')],
      [have('web'), have('web', { id: 'id-2', name: 'p-web-2', number: 2 }), have('old')],
    );
    expect(plan.actions.web).toMatchObject({ kind: 'keep', container: { id: 'id-web' } });
    expect(plan.surplus.map((c) => c.name)).toEqual(['p-web-2']);
    expect(plan.orphans.map((c) => c.name)).toEqual(['p-old-1']);
  });
});

describe('observeContainer', () => {
  it('reads labels, name and network mode from a list row', () => {
    const o = observeContainer({
      Id: 'abc',
      Names: ['/p-web-1'],
      Image: 'x',
      ImageID: 'sha256:x',
      State: 'exited',
      Status: 'Exited (0)',
      Created: 0,
      Labels: {
        'com.docker.compose.service': 'web',
        'com.docker.compose.container-number': '2',
        'com.docker.compose.config-hash': 'h',
        'com.docker.compose.image': 'sha256:i',
      },
      HostConfig: { NetworkMode: 'container:zzz' },
    });
    expect(o).toEqual({
      id: 'abc',
      name: 'p-web-1',
      service: 'web',
      number: 2,
      configHash: 'h',
      imageId: 'sha256:i',
      state: 'exited',
      networkMode: 'container:zzz',
    });
  });

  it('recreates any service whose mounted files changed; compose-made containers without the label are kept', () => {
    const plan = planConvergence(
      [want('web', { mountedContent: 'new' }), want('router', { mountedContent: 'same' })],
      [have('web', { mountedContent: 'old' }), have('router', { mountedContent: 'same' })],
    );
    expect(plan.actions.web).toMatchObject({ kind: 'recreate', reason: 'mounted files changed' });
    expect(plan.actions.router?.kind).toBe('keep');
    const composeMade = planConvergence(
      [want('web', { mountedContent: 'new' }), want('init', { mountedContent: 'x', oneShot: true })],
      [have('web'), have('init', { state: 'exited' })],
    );
    expect(composeMade.actions.web?.kind).toBe('keep');
    expect(composeMade.actions.init).toMatchObject({ kind: 'recreate', reason: 'mounted files changed' });
  });

  it('with syncContent keeps workload containers whose only change is mounted content, not stand-ins', () => {
    const desired = [
      want('web', { mountedContent: 'new', workload: true }),
      want('router', { mountedContent: 'new' }),
      want('api', { mountedContent: 'new', workload: true, configHash: 'changed' }),
    ];
    const observed = [
      have('web', { mountedContent: 'old' }),
      have('router', { mountedContent: 'old' }),
      have('api', { mountedContent: 'old' }),
    ];
    const plan = planConvergence(desired, observed, { syncContent: true });
    expect(plan.actions.web?.kind).toBe('keep');
    expect(plan.actions.router).toMatchObject({ kind: 'recreate', reason: 'mounted files changed' });
    expect(plan.actions.api).toMatchObject({ kind: 'recreate', reason: 'configuration changed' });
  });

  it('--force-recreate recreates everything, --no-recreate nothing (missing ones are still created)', () => {
    const desired = [want('db'), want('web', { configHash: 'new' }), want('new')];
    const observed = [have('db'), have('web')];
    const forced = planConvergence(desired, observed, { recreate: 'always' });
    expect(forced.actions.db).toMatchObject({ kind: 'recreate', reason: 'forced (--force-recreate)' });
    expect(forced.actions.web).toMatchObject({ kind: 'recreate', reason: 'configuration changed' });
    expect(forced.actions.new?.kind).toBe('create');
    const never = planConvergence(desired, observed, { recreate: 'never' });
    expect(never.actions.db?.kind).toBe('keep');
    expect(never.actions.web?.kind).toBe('keep');
    expect(never.actions.new?.kind).toBe('create');
  });
});
