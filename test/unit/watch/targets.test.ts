import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComposeProject } from '../../../src/compose/types.js';
import type { State } from '../../../src/state/types.js';
import { classifyChanges, savedBeforeWatched, watchTargets, workloadSignature } from '../../../src/watch/targets.js';

function state(): State {
  return {
    workloads: {
      web: {
        file: 'web/score.yaml',
        spec: {
          apiVersion: 'score.dev/v1b1',
          metadata: { name: 'web' },
          containers: {
            main: { image: '.', files: { '/etc/app.conf': { source: 'app.conf' }, '/etc/inline': { content: 'x' } } },
          },
        },
      },
      stored: {
        spec: { apiVersion: 'score.dev/v1b1', metadata: { name: 'stored' }, containers: { c: { image: 'x' } } },
      },
    },
    resources: {},
    shared_state: {},
    compose_project: 'p',
    mounts_directory: '.score-compose/mounts',
    patching_templates: [],
  } as unknown as State;
}

async function setUp() {
  const dir = await mkdtemp(join(tmpdir(), 'targets-'));
  await mkdir(join(dir, 'api', 'node_modules'), { recursive: true });
  await writeFile(join(dir, 'api', '.dockerignore'), 'node_modules\n*.log\n');
  const project: ComposeProject = {
    services: {
      'web-main': { build: { context: './api' } },
      'worker-main': { build: { context: 'api' } },
      cache: { image: 'redis' },
    },
  } as unknown as ComposeProject;
  return { dir, targets: watchTargets(dir, state(), project, ['overrides.yaml']) };
}

describe('watchTargets', () => {
  it('watches the recorded Score files, their source files, override files and build contexts', async () => {
    const { dir, targets } = await setUp();
    expect([...targets.files].sort()).toEqual(
      [join(dir, 'overrides.yaml'), join(dir, 'web', 'app.conf'), join(dir, 'web', 'score.yaml')].sort(),
    );
    expect(targets.contexts).toHaveLength(1);
    expect(targets.contexts[0]).toMatchObject({ dir: join(dir, 'api'), services: ['web-main', 'worker-main'] });
    expect(targets.stateFile).toBe(join(dir, '.score-compose', 'state.yaml'));
    expect(targets.workloads).toBe(workloadSignature(state()));
  });
});

describe('workloadSignature', () => {
  it('changes when another command adds a workload, moves its file or replaces the patch templates', () => {
    const base = workloadSignature(state());
    const added = state();
    added.workloads['admin'] = { ...added.workloads['stored']!, file: 'admin/score.yaml' };
    const moved = state();
    moved.workloads['web']!.file = 'web/other.yaml';
    const patched = { ...state(), patching_templates: ['services: {}'] };
    for (const changed of [added, moved, patched]) expect(workloadSignature(changed)).not.toBe(base);
    expect(workloadSignature(state())).toBe(base);
  });
});

describe('classifyChanges', () => {
  it('regenerates for a Score, source, override or provisioner file', async () => {
    const { dir, targets } = await setUp();
    for (const path of [
      'web/score.yaml',
      'web/app.conf',
      'overrides.yaml',
      '.score-compose/10-mine.provisioners.yaml',
    ]) {
      expect(classifyChanges(targets, [join(dir, path)]), path).toMatchObject({ regenerate: true, rebuild: [] });
    }
  });

  it('rebuilds the services of a changed build context, not for ignored paths', async () => {
    const { dir, targets } = await setUp();
    expect(classifyChanges(targets, [join(dir, 'api', 'src', 'main.js')])).toMatchObject({
      regenerate: false,
      rebuild: ['web-main', 'worker-main'],
    });
    expect(classifyChanges(targets, [join(dir, 'api', 'node_modules', 'x', 'y.js')]).rebuild).toEqual([]);
    expect(classifyChanges(targets, [join(dir, 'api', 'debug.log')]).rebuild).toEqual([]);
    // A changed .dockerignore changes what is sent: it counts.
    expect(classifyChanges(targets, [join(dir, 'api', '.dockerignore')]).rebuild).toEqual(['web-main', 'worker-main']);
  });

  it('ignores our own outputs and unrelated files, and notes a change of the state file', async () => {
    const { dir, targets } = await setUp();
    const unrelated = ['compose.yaml', '.score-compose/mounts/web-files-x', 'web/notes.txt', 'apix/file'];
    expect(
      classifyChanges(
        targets,
        unrelated.map((p) => join(dir, p)),
      ),
    ).toEqual({
      regenerate: false,
      stateChanged: false,
      rebuild: [],
    });
    expect(classifyChanges(targets, [join(dir, '.score-compose', 'state.yaml')])).toMatchObject({
      regenerate: false,
      stateChanged: true,
    });
  });
});

describe('savedBeforeWatched', () => {
  it('names the files that joined the watch and were saved since the round began, not older or known ones', async () => {
    const { dir, targets } = await setUp();
    const round = Date.now();
    const at = (ms: number) => new Date(round + ms);
    await mkdir(join(dir, 'admin'));
    await mkdir(join(dir, 'web'));
    const file = (rel: string) => join(dir, rel);
    for (const [rel, ms] of [
      ['admin/score.yaml', 500],
      ['admin/page.html', -60_000],
      ['web/score.yaml', 500],
    ] as const) {
      await writeFile(file(rel), 'x');
      await utimes(file(rel), at(ms), at(ms));
    }
    const next = { ...targets, files: new Set([...targets.files, file('admin/score.yaml'), file('admin/page.html')]) };
    next.files.add(file('admin/gone.yaml'));
    expect(savedBeforeWatched(targets, next, round)).toEqual([file('admin/score.yaml')]);
  });
});
