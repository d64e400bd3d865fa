import { describe, expect, it } from 'vitest';
import { roundOptions } from '../../../src/api/watch.js';
import type { UpStackOptions } from '../../../src/api/up.js';
import { silentLogger } from '../../../src/common/log.js';

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
