import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComposeProject } from '../../../../src/compose/types.js';
import { ScoreComposeError } from '../../../../src/common/errors.js';
import type { BuildOptions, ContainerRuntime, PullOptions } from '../../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../../src/runtime/engine/container-runtime.js';
import { ensureImages, ensureImagesStep } from '../../../../src/runtime/images/ensure.js';
import { planImages } from '../../../../src/runtime/images/plan.js';
import { createProgressReporter } from '../../../../src/runtime/progress/reporter.js';

interface FakeImages {
  runtime: ContainerRuntime;
  pulls: string[];
  builds: BuildOptions[];
  present: Set<string>;
}

// Only the image operations: anything else would throw, which is the point.
function fakeRuntime(opts: { present?: string[]; pullError?: (ref: string) => string | undefined } = {}): FakeImages {
  const present = new Set(opts.present ?? []);
  const pulls: string[] = [];
  const builds: BuildOptions[] = [];
  const runtime = {
    inspectImage: async (ref: string) =>
      present.has(ref) ? { Id: `sha256:${ref}`, RepoTags: [ref], RepoDigests: [] } : undefined,
    pullImage: async (ref: string, p: PullOptions = {}) => {
      pulls.push(ref);
      await new Promise((r) => setTimeout(r, 5));
      p.onProgress?.({ id: 'aaa', status: 'Downloading', progressDetail: { current: 5, total: 10 } });
      const err = opts.pullError?.(ref);
      if (err !== undefined) throw new EngineRequestError(0, `pull image ${ref}: ${err}`);
      present.add(ref);
    },
    buildImage: async (ctx: NodeJS.ReadableStream, b: BuildOptions) => {
      for await (const _ of ctx as AsyncIterable<unknown>) void _;
      builds.push(b);
      b.onProgress?.({ stream: 'Step 1/1 : FROM busybox\n' });
      for (const t of b.tags) present.add(t);
      return { imageId: 'sha256:built' };
    },
  } as unknown as ContainerRuntime;
  return { runtime, pulls, builds, present };
}

function output(): { write: (s: string) => void; text: () => string } {
  let text = '';
  return { write: (s) => void (text += s), text: () => text };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sct-img-'));
  await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noRegistry = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host';

describe('planImages', () => {
  it('groups services by image and names build-only images <project>-<service>', () => {
    const project: ComposeProject = {
      services: {
        a: { image: 'busybox' },
        b: { image: 'busybox', pull_policy: 'always' },
        web: { build: { context: '.' } },
      },
    };
    const plan = planImages(project, { projectName: 'demo' });
    expect(plan.map((n) => [n.ref, n.services, n.policy])).toEqual([
      ['busybox', ['a', 'b'], 'always'],
      ['demo-web', ['web'], 'missing'],
    ]);
    expect(plan[1]?.builder?.service).toBe('web');
  });

  it('rejects a service with neither image nor build, and a bad pull policy', () => {
    expect(() => planImages({ services: { x: {} } }, { projectName: 'p' })).toThrow(
      'service "x" has neither an image nor a build context specified: invalid compose project',
    );
    expect(() =>
      planImages({ services: { x: { image: 'a', pull_policy: 'sometimes' } } }, { projectName: 'p' }),
    ).toThrow(/invalid pull policy/);
  });
});

describe('ensureImages', () => {
  it('does nothing for present images and pulls a shared missing image once', async () => {
    const fake = fakeRuntime({ present: ['have:1'] });
    const out = output();
    const project: ComposeProject = {
      services: { a: { image: 'have:1' }, b: { image: 'need:2' }, c: { image: 'need:2' } },
    };
    await ensureImages(fake.runtime, project, {
      projectName: 'p',
      projectDir: dir,
      progress: createProgressReporter(out),
    });
    expect(fake.pulls).toEqual(['need:2']);
    expect(out.text()).toBe('Pulling b, c ...\nPulling b, c ... done\n');
  });

  it('pulls concurrently', async () => {
    const fake = fakeRuntime();
    let inFlight = 0;
    let maxInFlight = 0;
    const pull = fake.runtime.pullImage.bind(fake.runtime);
    fake.runtime.pullImage = async (ref, o) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await pull(ref, o);
      inFlight--;
    };
    const services = Object.fromEntries(['a', 'b', 'c'].map((s) => [s, { image: `img-${s}` }]));
    await ensureImages(
      fake.runtime,
      { services },
      { projectName: 'p', projectDir: dir, progress: createProgressReporter(output()) },
    );
    expect(fake.pulls.sort()).toEqual(['img-a', 'img-b', 'img-c']);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('names image and service when a pull fails, with a hint when no registry is reachable', async () => {
    const fake = fakeRuntime({ pullError: () => noRegistry });
    const err = await ensureImages(
      fake.runtime,
      { services: { db: { image: 'postgres:16' } } },
      {
        projectName: 'p',
        projectDir: dir,
        progress: createProgressReporter(output()),
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreComposeError);
    const e = err as ScoreComposeError;
    expect(e.message).toBe(`failed to pull image 'postgres:16' for service 'db': ${noRegistry}`);
    expect(e.hint).toMatch(/no container registry is reachable/);
  });

  it('reports every failed pull, not only the first', async () => {
    const fake = fakeRuntime({ pullError: (ref) => `manifest for ${ref} not found` });
    const err = (await ensureImages(
      fake.runtime,
      { services: { a: { image: 'x' }, b: { image: 'y' } } },
      {
        projectName: 'p',
        projectDir: dir,
        progress: createProgressReporter(output()),
      },
    ).catch((e: unknown) => e)) as ScoreComposeError;
    expect([err.message, ...err.details].sort()).toEqual([
      "failed to pull image 'x' for service 'a': manifest for x not found",
      "failed to pull image 'y' for service 'b': manifest for y not found",
    ]);
  });

  it('fails without pulling when pull_policy is never and the image is missing', async () => {
    const fake = fakeRuntime();
    await expect(
      ensureImages(
        fake.runtime,
        { services: { a: { image: 'x', pull_policy: 'never' } } },
        {
          projectName: 'p',
          projectDir: dir,
          progress: createProgressReporter(output()),
        },
      ),
    ).rejects.toThrow("image 'x' for service 'a' is not present and pull_policy is never");
    expect(fake.pulls).toEqual([]);
  });

  it('always pulls with pull_policy always, even when present', async () => {
    const fake = fakeRuntime({ present: ['x'] });
    await ensureImages(
      fake.runtime,
      { services: { a: { image: 'x' } } },
      {
        projectName: 'p',
        projectDir: dir,
        pullPolicy: 'always',
        progress: createProgressReporter(output()),
      },
    );
    expect(fake.pulls).toEqual(['x']);
  });

  it('builds a build-only service as <project>-<service> without pulling', async () => {
    const fake = fakeRuntime();
    const out = output();
    await ensureImages(
      fake.runtime,
      { services: { web: { build: { context: '.', args: { A: '1', B: null, C: null } } } } },
      {
        projectName: 'demo',
        projectDir: dir,
        env: { B: 'from-env' },
        progress: createProgressReporter(out),
      },
    );
    expect(fake.pulls).toEqual([]);
    expect(fake.builds.map((b) => [b.tags, b.dockerfile, b.buildargs])).toEqual([
      [['demo-web'], 'Dockerfile', { A: '1', B: 'from-env' }],
    ]);
    expect(fake.builds[0]?.labels?.['com.docker.compose.project']).toBe('demo');
    expect(fake.builds[0]?.forcerm).toBe(true);
    expect(out.text()).toContain('Building web | Step 1/1 : FROM busybox\n');
    expect(out.text()).toContain('Building web ... done\n');
  });

  it('skips the build when the image exists, and rebuilds with build=true', async () => {
    const fake = fakeRuntime({ present: ['demo-web'] });
    const project: ComposeProject = { services: { web: { build: { context: '.' } } } };
    const base = { projectName: 'demo', projectDir: dir, progress: createProgressReporter(output()) };
    await ensureImages(fake.runtime, project, base);
    expect(fake.builds).toHaveLength(0);
    await ensureImages(fake.runtime, project, { ...base, rebuild: true });
    expect(fake.builds).toHaveLength(1);
  });

  it('falls back to building when the pull of a service with image and build fails', async () => {
    const fake = fakeRuntime({ pullError: () => noRegistry });
    await ensureImages(
      fake.runtime,
      { services: { web: { image: 'me/web:1', build: { context: '.', tags: ['me/web:latest'] } } } },
      {
        projectName: 'demo',
        projectDir: dir,
        progress: createProgressReporter(output()),
      },
    );
    expect(fake.pulls).toEqual(['me/web:1']);
    expect(fake.builds.map((b) => b.tags)).toEqual([['me/web:1', 'me/web:latest']]);
  });

  it('refuses BuildKit-only build fields clearly', async () => {
    const fake = fakeRuntime();
    await expect(
      ensureImages(
        fake.runtime,
        { services: { web: { build: { context: '.', ssh: ['default'] } } } },
        {
          projectName: 'demo',
          projectDir: dir,
          progress: createProgressReporter(output()),
        },
      ),
    ).rejects.toThrow(`failed to build image 'demo-web' for service 'web': service "web" build.ssh needs BuildKit`);
  });
  it("fits up's image step, with progress and pull policy fixed up front", async () => {
    const fake = fakeRuntime({ present: ['x'] });
    const out = output();
    const step = ensureImagesStep(createProgressReporter(out), { pullPolicy: 'always' });
    await step(
      fake.runtime,
      { services: { a: { image: 'x' } } },
      { projectName: 'p', projectDir: dir, rebuild: false },
    );
    expect(fake.pulls).toEqual(['x']);
    expect(out.text()).toContain('Pulling a ... done');
  });
});
