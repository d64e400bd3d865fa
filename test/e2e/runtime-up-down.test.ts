// up/down against the real engine with a tiny busybox image: dependency chain with health and a
// one-shot, idempotent second up, targeted recreate, fail-fast with logs, abort, and cleanup.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ComposeProject, ComposeService } from '../../src/compose/types.js';
import { ScoreComposeError } from '../../src/common/errors.js';
import { memoryLogger } from '../../src/common/log.js';
import { connectRuntime } from '../../src/runtime/engine/connect.js';
import type { ContainerRuntime } from '../../src/runtime/engine/container-runtime.js';
import { down } from '../../src/runtime/down.js';
import { up, type UpOptions } from '../../src/runtime/up/up.js';
import { ensureBusyboxImage } from '../helpers/busybox-image.js';
import { describeE2E } from '../helpers/docker-env.js';

const IMAGE = 'busybox:latest';
// PID 1 ignores SIGTERM unless it traps it; trapping keeps `down` fast.
const SLEEPER = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

describeE2E('runtime up/down (real engine)', () => {
  let runtime: ContainerRuntime;
  let dir: string;
  const projects: string[] = [];
  let counter = 0;
  const newProject = (): string => {
    const name = `sct-rt-${process.pid}-${++counter}`;
    projects.push(name);
    return name;
  };

  beforeAll(async () => {
    ensureBusyboxImage(IMAGE);
    runtime = await connectRuntime(process.env);
    dir = mkdtempSync(join(tmpdir(), 'sct-runtime-'));
    mkdirSync(join(dir, 'mounts'));
    writeFileSync(join(dir, 'mounts', 'greeting.txt'), 'hi from the host\n');
    writeFileSync(join(dir, '.env'), 'FROM_DOTENV=dotenv-value\n');
  });

  afterAll(async () => {
    for (const p of projects)
      await down(runtime, { projectName: p, volumes: true, logger: memoryLogger(), timeoutSec: 1 });
    rmSync(dir, { recursive: true, force: true });
  });

  const chain = (name: string, webEnv: Record<string, string> = { GREETING: 'hello' }): ComposeProject => {
    const db: ComposeService = {
      image: IMAGE,
      command: ['sh', '-c', "trap 'exit 0' TERM; sleep 1; touch /tmp/ready; sleep 3600 & wait"],
      healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ready'], interval: '300ms', timeout: '2s', retries: 30 },
      volumes: [{ type: 'volume', source: 'data', target: '/data' }],
    };
    const init: ComposeService = {
      image: IMAGE,
      command: ['sh', '-c', 'echo init ran; touch /data/initialised'],
      depends_on: { db: { condition: 'service_healthy', required: true } },
      volumes: [{ type: 'volume', source: 'shared', target: '/data' }],
    };
    const web: ComposeService = {
      image: IMAGE,
      command: SLEEPER,
      hostname: 'web-host',
      environment: { ...webEnv, FROM_FILE: '${FROM_DOTENV}', LITERAL: '$${NOT_INTERPOLATED}' },
      depends_on: { init: { condition: 'service_completed_successfully', required: true } },
      ports: [{ target: 8080, host_ip: '127.0.0.1' }],
      volumes: [{ type: 'bind', source: './mounts/greeting.txt', target: '/greeting.txt', read_only: true }],
      labels: { 'dev.score.compose.test': 'yes', 'com.docker.compose.project': 'must-not-win' },
    };
    return { name, services: { db, init, web }, volumes: { data: {}, shared: { name: `${name}-shared` } } };
  };

  const opts = (project: ComposeProject, extra: Partial<UpOptions> = {}): UpOptions => ({
    project,
    projectDir: dir,
    configFiles: [join(dir, 'compose.yaml')],
    wait: true,
    timeoutMs: 60_000,
    logger: memoryLogger(),
    ...extra,
  });

  it('starts a health-gated chain with a one-shot, then converges without recreating', async () => {
    const name = newProject();
    const first = await up(runtime, opts(chain(name)));
    expect(first.services.map((s) => [s.service, s.action])).toEqual([
      ['db', 'created'],
      ['init', 'created'],
      ['web', 'created'],
    ]);
    const byService = Object.fromEntries(first.services.map((s) => [s.service, s]));
    const db = await runtime.inspectContainer(byService.db?.containerId ?? '');
    expect(db.State.Health?.Status).toBe('healthy');
    const init = await runtime.inspectContainer(byService.init?.containerId ?? '');
    expect(init.State.Status).toBe('exited');
    expect(init.State.ExitCode).toBe(0);

    const web = await runtime.inspectContainer(byService.web?.containerId ?? '');
    expect(web.Name).toBe(`/${name}-web-1`);
    expect(web.State.Running).toBe(true);
    expect(web.Config.Labels['com.docker.compose.project']).toBe(name);
    expect(web.Config.Labels['com.docker.compose.service']).toBe('web');
    expect(web.Config.Labels['com.docker.compose.depends_on']).toBe('init:service_completed_successfully:false');
    expect(web.Config.Labels['dev.score.compose.test']).toBe('yes');
    expect(web.Config.Labels['com.docker.compose.config-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(web.NetworkSettings.Networks[`${name}_default`]?.Aliases).toEqual(
      expect.arrayContaining(['web', 'web-host']),
    );
    const binding = web.NetworkSettings.Ports?.['8080/tcp']?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    expect(Number(binding?.HostPort)).toBeGreaterThan(0);
    expect(web.Mounts.find((m) => m.Destination === '/greeting.txt')?.Source).toBe(join(dir, 'mounts', 'greeting.txt'));
    const env = (web as unknown as { Config: { Env: string[] } }).Config.Env;
    expect(env).toEqual(
      expect.arrayContaining(['GREETING=hello', 'FROM_FILE=dotenv-value', 'LITERAL=${NOT_INTERPOLATED}']),
    );

    const volumes = (await runtime.listVolumes({ label: [`com.docker.compose.project=${name}`] }))
      .map((v) => v.Name)
      .sort();
    expect(volumes).toEqual([`${name}-shared`, `${name}_data`]);

    const second = await up(runtime, opts(chain(name)));
    expect(second.services.map((s) => s.action)).toEqual(['kept', 'kept', 'kept']);
    expect(second.services.map((s) => s.containerId)).toEqual(first.services.map((s) => s.containerId));

    const third = await up(runtime, opts(chain(name, { GREETING: 'changed' })));
    expect(third.services.map((s) => [s.service, s.action])).toEqual([
      ['db', 'kept'],
      ['init', 'kept'],
      ['web', 'recreated'],
    ]);
    expect(third.services[2]?.containerId).not.toBe(first.services[2]?.containerId);
    const recreated = await runtime.inspectContainer(third.services[2]?.containerId ?? '');
    expect(recreated.Name).toBe(`/${name}-web-1`);

    const result = await down(runtime, { projectName: name, volumes: true, logger: memoryLogger(), timeoutSec: 2 });
    expect(result.containers).toEqual([`${name}-db-1`, `${name}-init-1`, `${name}-web-1`]);
    expect(result.networks).toEqual([`${name}_default`]);
    expect(result.volumes).toEqual([`${name}-shared`, `${name}_data`]);
    expect(
      await runtime.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } }),
    ).toEqual([]);
    expect(await runtime.listNetworks({ label: [`com.docker.compose.project=${name}`] })).toEqual([]);
    expect(await runtime.listVolumes({ label: [`com.docker.compose.project=${name}`] })).toEqual([]);
  });

  it('creates every container before the first start, and starts the head of the longest chain first', async () => {
    const name = newProject();
    const sleeper: ComposeService = { image: IMAGE, command: SLEEPER };
    // Sorted by name, the services nothing waits on (a1, a2) come before the chain's head.
    const project: ComposeProject = {
      name,
      services: {
        a1: sleeper,
        a2: sleeper,
        'z-head': sleeper,
        'z-mid': { ...sleeper, depends_on: { 'z-head': { condition: 'service_started', required: true } } },
        'z-tail': { ...sleeper, depends_on: { 'z-mid': { condition: 'service_started', required: true } } },
      },
    };
    const logger = memoryLogger();
    const result = await up(runtime, opts(project, { logger }));
    const inspected = await Promise.all(result.services.map((s) => runtime.inspectContainer(s.containerId)));
    const at: Record<string, { created: number; started: number }> = {};
    inspected.forEach((c, i) => {
      at[result.services[i]?.service ?? ''] = {
        created: Date.parse(c.Created ?? ''),
        started: Date.parse(c.State.StartedAt ?? ''),
      };
    });
    const firstStart = Math.min(...Object.values(at).map((t) => t.started));
    for (const t of Object.values(at)) expect(t.created).toBeLessThanOrEqual(firstStart);
    expect(at['z-head']?.started).toBe(firstStart);
    expect(at['z-head']?.started).toBeLessThan(at.a1?.started ?? 0);
    expect(at['z-head']?.started).toBeLessThan(at.a2?.started ?? 0);
    const lines = logger.lines;
    const lastCreated = Math.max(...lines.flatMap((l, i) => (l.endsWith('  Created') ? [i] : [])));
    const firstStarted = lines.findIndex((l) => l.endsWith('  Started'));
    expect(lastCreated).toBeLessThan(firstStarted);
    expect(lines[firstStarted]).toBe(`INFO: Container ${name}-z-head-1  Started`);
  });

  /** `app` gated on `db`'s healthcheck `test -f <file>`, which the engine first runs 5 min after the start. */
  const slowProbe = (name: string, dbCommand: string[], file: string): ComposeProject => ({
    name,
    services: {
      db: {
        image: IMAGE,
        command: dbCommand,
        healthcheck: { test: ['CMD-SHELL', `test -f ${file}`], interval: '300s', timeout: '5s', retries: 3 },
      },
      app: { image: IMAGE, command: SLEEPER, depends_on: { db: { condition: 'service_healthy', required: true } } },
    },
  });

  it("starts a dependant once the dependency's healthcheck passes, without waiting for the engine's first probe", async () => {
    const name = newProject();
    // The check passes ~0.3 s after the start.
    const ready = ['sh', '-c', "trap 'exit 0' TERM; sleep 0.3; touch /tmp/ready; sleep 3600 & wait"];
    const project = slowProbe(name, ready, '/tmp/ready');
    const logger = memoryLogger();
    const result = await up(runtime, opts(project, { wait: false, logger }));
    const byService = Object.fromEntries(result.services.map((s) => [s.service, s.containerId]));
    const app = await runtime.inspectContainer(byService.app ?? '');
    expect(app.State.Running).toBe(true);
    // The engine has not probed yet: the gate was the check itself, run by up.
    const db = await runtime.inspectContainer(byService.db ?? '');
    expect(db.State.Health?.Status).toBe('starting');
    expect(db.State.Health?.Log ?? []).toEqual([]);
    expect(logger.lines).toContain(
      `DEBUG: Container ${name}-db-1  Healthy (its healthcheck passed when run by us, for "app")`,
    );
  });

  it("with a short interval, checks between the engine's probes once its first one failed", async () => {
    const name = newProject();
    const project = slowProbe(name, SLEEPER, '/tmp/unused');
    // Passes on its second run ever and on no other: the engine's first probe (~1.9 s) fails, the
    // run up makes right after that passes, and every later probe of the engine fails again.
    // ($$: a compose file's escape for $.)
    const secondRunOnly = 'n=$$(cat /tmp/n 2>/dev/null || echo 0); echo $$((n+1)) > /tmp/n; [ "$$n" = 1 ]';
    project.services.db!.healthcheck = {
      test: ['CMD-SHELL', secondRunOnly],
      interval: '1900ms',
      timeout: '5s',
      retries: 30,
    };
    const result = await up(runtime, opts(project, { wait: false }));
    const byService = Object.fromEntries(result.services.map((s) => [s.service, s.containerId]));
    const app = await runtime.inspectContainer(byService.app ?? '');
    expect(app.State.Running).toBe(true);
    // The engine has probed and failed, and never seen the check pass: the gate was up's own run.
    const db = await runtime.inspectContainer(byService.db ?? '');
    const log = db.State.Health?.Log ?? [];
    expect(log.length).toBeGreaterThan(0);
    expect(log.map((entry) => entry.ExitCode).filter((code) => code === 0)).toEqual([]);
  });

  it("keeps a dependant waiting while the dependency's healthcheck fails when run early", async () => {
    const name = newProject();
    const project = slowProbe(name, SLEEPER, '/tmp/never');
    const err = (await up(runtime, opts(project, { wait: false, timeoutMs: 2_500 })).catch(
      (e: unknown) => e,
    )) as ScoreComposeError;
    expect(err.message).toBe('application not healthy after 2.5s');
    const states = (
      await runtime.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } })
    )
      .map((c) => `${c.Names[0]} ${c.State}`)
      .sort();
    expect(states).toEqual([`/${name}-app-1 created`, `/${name}-db-1 running`]);
  });

  it('does not run a completed one-shot again unless something it depends on was started', async () => {
    const name = newProject();
    const first = await up(runtime, opts(chain(name)));
    const initId = first.services.find((s) => s.service === 'init')?.containerId ?? '';
    const dbId = first.services.find((s) => s.service === 'db')?.containerId ?? '';
    const startedAt = async () => (await runtime.inspectContainer(initId)).State.StartedAt;
    const ranFirst = await startedAt();

    const logger = memoryLogger();
    await up(runtime, opts(chain(name), { logger }));
    expect(await startedAt()).toBe(ranFirst);
    expect(logger.lines).toContain(`INFO: Container ${name}-init-1  Completed (unchanged, not run again)`);

    // The server restarted (e.g. after a reboot): the init job runs again, as compose would.
    await runtime.stopContainer(dbId, { timeoutSec: 2 });
    await up(runtime, opts(chain(name)));
    expect(await startedAt()).not.toBe(ranFirst);
    expect((await runtime.inspectContainer(initId)).State.ExitCode).toBe(0);
  });

  it('runs a one-shot again when the files it mounts from the mounts directory changed', async () => {
    const name = newProject();
    const scripts = join(dir, '.score-compose', 'mounts', `${name}-scripts`);
    mkdirSync(scripts, { recursive: true });
    writeFileSync(join(scripts, 'a.sql'), 'first\n');
    const project: ComposeProject = {
      name,
      services: {
        job: {
          image: IMAGE,
          command: ['sh', '-c', 'cat /scripts/*'],
          volumes: [
            { type: 'bind', source: `.score-compose/mounts/${name}-scripts`, target: '/scripts', read_only: true },
          ],
        },
        app: {
          image: IMAGE,
          command: SLEEPER,
          depends_on: { job: { condition: 'service_completed_successfully', required: true } },
        },
      },
    };
    const first = await up(runtime, opts(project));
    const unchanged = await up(runtime, opts(project));
    expect(unchanged.services.map((s) => s.action)).toEqual(['kept', 'kept']);

    // A new database script appears (a second postgres resource): the job must see it.
    writeFileSync(join(scripts, 'b.sql'), 'second\n');
    const logger = memoryLogger();
    const changed = await up(runtime, opts(project, { logger }));
    const job = changed.services.find((s) => s.service === 'job');
    expect(job?.action).toBe('recreated');
    expect(changed.services.find((s) => s.service === 'app')?.containerId).toBe(
      first.services.find((s) => s.service === 'app')?.containerId,
    );
    const { logs } = await import('../../src/runtime/logs.js');
    let out = '';
    await logs(runtime, {
      projectName: name,
      services: ['job'],
      out: { write: (t: string) => (out += t) },
      color: false,
    });
    expect(out).toContain('second');
  });

  it('carries an image VOLUME (anonymous volume) over to the recreated container', async () => {
    const name = newProject();
    // The redis stand-in image declares VOLUME /data, like the official one.
    const image = 'mirror.gcr.io/redis:7-alpine';
    const project = (greeting: string): ComposeProject => ({
      name,
      services: {
        cache: {
          image,
          entrypoint: ['sh', '-c'],
          command: ["test -f /data/marker || echo kept > /data/marker; trap 'exit 0' TERM; sleep 3600 & wait"],
          environment: { GREETING: greeting },
        },
      },
    });
    const first = await up(runtime, opts(project('one')));
    const before = await runtime.inspectContainer(first.services[0]?.containerId ?? '');
    const volume = before.Mounts.find((m) => m.Destination === '/data')?.Name;
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    const second = await up(runtime, opts(project('two')));
    expect(second.services[0]?.action).toBe('recreated');
    const after = await runtime.inspectContainer(second.services[0]?.containerId ?? '');
    expect(after.Mounts.find((m) => m.Destination === '/data')?.Name).toBe(volume);
    await down(runtime, { projectName: name, volumes: true, logger: memoryLogger(), timeoutSec: 1 });
    expect((await runtime.listVolumes({})).some((v) => v.Name === volume)).toBe(false);
  });

  it('reports services no longer in the project, and removes them with removeOrphans', async () => {
    const name = newProject();
    const svc: ComposeService = { image: IMAGE, command: SLEEPER };
    await up(runtime, opts({ name, services: { keep: svc, gone: svc } }));
    const names = async () =>
      (await runtime.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } }))
        .map((c) => c.Names[0])
        .sort();
    const logger = memoryLogger();
    const second = await up(runtime, opts({ name, services: { keep: svc } }, { logger }));
    expect(second.orphans).toEqual([`${name}-gone-1`]);
    expect(logger.lines.join('\n')).toContain(`WARN: Found orphan containers ([${name}-gone-1])`);
    expect(await names()).toEqual([`/${name}-gone-1`, `/${name}-keep-1`]);
    await up(runtime, opts({ name, services: { keep: svc } }, { removeOrphans: true }));
    expect(await names()).toEqual([`/${name}-keep-1`]);
  });

  it('fails fast when a container exits, naming the service and carrying its logs', async () => {
    const name = newProject();
    const project: ComposeProject = {
      name,
      services: {
        crash: { image: IMAGE, command: ['sh', '-c', 'echo starting; sleep 1; echo boom-on-stderr >&2; exit 3'] },
        // Healthy only after 20 s: up must not wait for it once crash has died.
        slow: {
          image: IMAGE,
          command: ['sh', '-c', "trap 'exit 0' TERM; sleep 20; touch /tmp/ok; sleep 3600 & wait"],
          healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ok'], interval: '500ms', retries: 100 },
        },
      },
    };
    const started = Date.now();
    const err = await up(runtime, opts(project)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreComposeError);
    const e = err as ScoreComposeError;
    expect(e.code).toBe('runtime');
    expect(e.message).toBe(`service "crash": container ${name}-crash-1 exited (3)`);
    expect(e.details.join('\n')).toContain('boom-on-stderr');
    expect(e.details.join('\n')).toContain('starting');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('fails with compose wording when a one-shot dependency exits non-zero', async () => {
    const name = newProject();
    const project: ComposeProject = {
      name,
      services: {
        migrate: { image: IMAGE, command: ['sh', '-c', 'echo migration failed; exit 1'] },
        app: {
          image: IMAGE,
          command: SLEEPER,
          depends_on: { migrate: { condition: 'service_completed_successfully', required: true } },
        },
      },
    };
    const err = (await up(runtime, opts(project, { wait: false })).catch((e: unknown) => e)) as ScoreComposeError;
    expect(err.message).toBe('service "migrate" didn\'t complete successfully: exit 1');
    expect(err.details.join('\n')).toContain('migration failed');
    // As with compose: the dependant was created with the rest, and never started.
    const states = (
      await runtime.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } })
    )
      .map((c) => `${c.Names[0]} ${c.State}`)
      .sort();
    expect(states).toEqual([`/${name}-app-1 created`, `/${name}-migrate-1 exited`]);

    // The user fixes the migration and runs up again: the created dependant is started.
    const appId = (
      await runtime.listContainers({
        all: true,
        filters: { label: [`com.docker.compose.service=app`, `com.docker.compose.project=${name}`] },
      })
    )[0]?.Id;
    project.services.migrate = { image: IMAGE, command: ['sh', '-c', 'echo migrated'] };
    const fixed = await up(runtime, opts(project, { wait: false }));
    const app = fixed.services.find((s) => s.service === 'app');
    expect(app?.containerId).toBe(appId);
    expect((await runtime.inspectContainer(app?.containerId ?? '')).State.Running).toBe(true);
  });

  it('stops on abort, leaving what exists for down to remove', async () => {
    const name = newProject();
    const project: ComposeProject = {
      name,
      services: {
        never: { image: IMAGE, command: SLEEPER, healthcheck: { test: ['CMD', 'false'], interval: '30s', retries: 3 } },
        after: {
          image: IMAGE,
          command: SLEEPER,
          depends_on: { never: { condition: 'service_healthy', required: true } },
        },
      },
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const err = (await up(runtime, opts(project, { signal: controller.signal })).catch(
      (e: unknown) => e,
    )) as ScoreComposeError;
    expect(err).toBeInstanceOf(ScoreComposeError);
    expect(err.code).toBe('interrupted');
    const left = await runtime.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${name}`] },
    });
    // `after` was created with the rest (as compose does) and never started.
    expect(left.map((c) => `${c.Names[0]} ${c.State}`).sort()).toEqual([
      `/${name}-after-1 created`,
      `/${name}-never-1 running`,
    ]);

    await down(runtime, { projectName: name, logger: memoryLogger(), timeoutSec: 1 });
    expect(
      await runtime.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } }),
    ).toEqual([]);
    expect(await runtime.listNetworks({ label: [`com.docker.compose.project=${name}`] })).toEqual([]);
  });

  it('reports a timeout as "application not healthy after"', async () => {
    const name = newProject();
    const project: ComposeProject = {
      name,
      services: {
        slow: { image: IMAGE, command: SLEEPER, healthcheck: { test: ['CMD', 'false'], interval: '30s', retries: 3 } },
      },
    };
    const err = (await up(runtime, opts(project, { timeoutMs: 1500 })).catch((e: unknown) => e)) as ScoreComposeError;
    expect(err.message).toBe('application not healthy after 1.5s');
    expect(err.details).toEqual(['still waiting for: slow']);
  });
});
