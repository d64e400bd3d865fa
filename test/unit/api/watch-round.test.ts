import { describe, expect, it } from 'vitest';
import { newlySynced, roundOptions } from '../../../src/api/watch.js';
import type { UpStackOptions } from '../../../src/api/up.js';
import { silentLogger } from '../../../src/common/log.js';
import type { StartedService } from '../../../src/runtime/up/start.js';

const firstUp: UpStackOptions = {
  projectDir: '/p',
  files: ['score.yaml'],
  overridesFile: 'overrides.yaml',
  overrideProperties: ['metadata.annotations.a=b'],
  image: 'web:dev',
  build: ['main=./web'],
  publish: ['8000:web:3000'],
  envFile: 'out.env',
  logger: silentLogger,
  wait: true,
  timeoutMs: 60_000,
  rebuild: true,
  recreate: 'always',
};

describe('roundOptions (a watch round after the first up)', () => {
  it('reads every recorded Score file again, without the flags the first up stored per workload', () => {
    const round = roundOptions(firstUp, []);
    expect(round.files).toEqual([]);
    for (const key of ['overridesFile', 'overrideProperties', 'image', 'build'] as const)
      expect(round).not.toHaveProperty(key);
    // What is not per workload still applies to every round.
    expect(round).toMatchObject({ publish: ['8000:web:3000'], envFile: 'out.env', wait: true, timeoutMs: 60_000 });
  });

  it('converges only what changed, whatever --rebuild, --force-recreate or --no-recreate asked of the first up', () => {
    expect(roundOptions(firstUp, [])).toMatchObject({ rebuild: false, recreate: 'diverged', syncContent: true });
    expect(roundOptions({ ...firstUp, recreate: 'never' }, ['app-main'])).toMatchObject({
      rebuild: ['app-main'],
      recreate: 'diverged',
      syncContent: true,
    });
  });
});

describe('newlySynced (what a round reports as written in place)', () => {
  const kept = (service: string): StartedService => ({
    service,
    containerId: 'c',
    containerName: service,
    action: 'kept',
  });

  it('reports a kept workload when its content changed since the last report, not again while it stays the same', () => {
    const seen = new Map<string, string>();
    const round = (synced: Record<string, string>, services = Object.keys(synced).map(kept)) =>
      newlySynced(seen, { synced: Object.keys(synced), syncedContent: synced, services });
    expect(round({ web: 'd1' })).toEqual(['web']);
    // Another workload's edit: web still differs from what it started with, but nothing new reached it.
    expect(round({ web: 'd1', admin: 'a1' })).toEqual(['admin']);
    expect(round({ web: 'd2', admin: 'a1' })).toEqual(['web']);
    // Recreated (new label): the next change of its content is news again, even back to an old digest.
    expect(round({}, [{ ...kept('web'), action: 'recreated' }])).toEqual([]);
    expect(round({ web: 'd2' })).toEqual(['web']);
  });
});
