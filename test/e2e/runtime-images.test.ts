import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ComposeProject } from '../../src/compose/types.js';
import { ScoreComposeError } from '../../src/common/errors.js';
import { connectRuntime } from '../../src/runtime/engine/connect.js';
import type { ContainerRuntime } from '../../src/runtime/engine/container-runtime.js';
import { ensureImages } from '../../src/runtime/images/ensure.js';
import { createProgressReporter } from '../../src/runtime/progress/reporter.js';
import { ensureBusyboxImage } from '../helpers/busybox-image.js';
import { describeE2E } from '../helpers/docker-env.js';

const PROJECT = `sct-images-${process.pid}-${Date.now().toString(36)}`;

function removeProjectImages(): void {
  const ids = execFileSync('docker', ['images', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((l) => l !== '');
  if (ids.length > 0) spawnSync('docker', ['image', 'rm', '-f', ...new Set(ids)], { stdio: 'ignore' });
}

describeE2E('runtime images against the real engine', () => {
  let runtime: ContainerRuntime;
  let dir: string;
  let out = '';
  const progress = () => createProgressReporter({ write: (s: string) => void (out += s) });

  beforeAll(async () => {
    ensureBusyboxImage();
    runtime = await connectRuntime(process.env);
    dir = await mkdtemp(join(tmpdir(), 'sct-e2e-img-'));
  });

  afterAll(async () => {
    removeProjectImages();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails cleanly, naming image and service, when a missing image cannot be pulled', async () => {
    const ref = `score-compose-ts-e2e-missing/nothing:${PROJECT}`;
    const project: ComposeProject = { services: { db: { image: ref } } };
    const err = await ensureImages(runtime, project, {
      projectName: PROJECT,
      projectDir: dir,
      progress: progress(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreComposeError);
    const e = err as ScoreComposeError;
    expect(e.message).toMatch(
      new RegExp(`^failed to pull image '${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' for service 'db': \\S`),
    );
    // Offline the engine cannot resolve the registry: the hint says so. With a registry, the image does not exist.
    if (/no such host|dial tcp|i\/o timeout|connection refused/.test(e.message))
      expect(e.hint).toMatch(/no container registry is reachable/);
    else expect(e.hint).toBeDefined();
    expect(out).toContain('Pulling db ... error');
  });

  it('builds a build: service as <project>-<service>, honouring .dockerignore', async () => {
    const ctx = join(dir, 'web');
    await mkdir(join(ctx, 'sub'), { recursive: true });
    await writeFile(join(ctx, 'Dockerfile'), 'FROM busybox:latest\nCOPY . /ctx/\nRUN echo built > /ctx/marker\n');
    await writeFile(join(ctx, '.dockerignore'), 'secret.txt\nsub/*.log\nDockerfile\n.dockerignore\n');
    await writeFile(join(ctx, 'secret.txt'), 'do not send');
    await writeFile(join(ctx, 'app.txt'), 'app');
    await writeFile(join(ctx, 'sub/x.log'), 'log');
    await writeFile(join(ctx, 'sub/keep.txt'), 'keep');
    const project: ComposeProject = { services: { web: { build: { context: './web' } } } };
    await ensureImages(runtime, project, { projectName: PROJECT, projectDir: dir, progress: progress() });

    const tag = `${PROJECT}-web`;
    expect(await runtime.inspectImage(tag)).toBeDefined();
    const listing = execFileSync('docker', ['run', '--rm', tag, 'find', '/ctx', '-type', 'f'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
      .sort();
    // Dockerfile and .dockerignore are sent anyway (the engine needs them) but, being ignored, not copied.
    expect(listing).toEqual(['/ctx/app.txt', '/ctx/marker', '/ctx/sub/keep.txt']);
    expect(out).toContain('Building web ... done');
  });

  it('names the service when a build step fails', async () => {
    const ctx = join(dir, 'broken');
    await mkdir(ctx, { recursive: true });
    await writeFile(join(ctx, 'Dockerfile'), 'FROM busybox:latest\nRUN echo about to fail && exit 3\n');
    const project: ComposeProject = { services: { broken: { build: { context: 'broken' } } } };
    const err = (await ensureImages(runtime, project, {
      projectName: PROJECT,
      projectDir: dir,
      progress: progress(),
    }).catch((e: unknown) => e)) as ScoreComposeError;
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect(err.message).toMatch(
      new RegExp(`^failed to build image '${PROJECT}-broken' for service 'broken': .*non-zero code: 3`),
    );
    expect(err.details.join('\n')).toContain('about to fail');
  });
});
