// The library API as the README shows it, for integration tests in other projects: start a stack
// from Score files in code, read host ports and resource outputs, and take it down.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  downStack,
  getResourceOutputs,
  init,
  memoryLogger,
  psStack,
  ScoreComposeError,
  upStack,
} from '../../src/index.js';
import { tempProject } from '../helpers/cli.js';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, freePort, leftovers, sweep, uniqueProjectName } from '../helpers/stack-project.js';
import { httpGet, ROUTED_BODY, routedWorkloadScore } from '../helpers/stack-scores.js';

describeE2E('library API (real engine)', () => {
  const project = uniqueProjectName('lib');
  let projectDir = '';

  beforeAll(
    () =>
      ensureImages([
        'busybox:latest',
        'mirror.gcr.io/nginx:1-alpine',
        'mirror.gcr.io/postgres:17-alpine',
        'alpine:latest',
      ]),
    900_000,
  );
  afterAll(() => sweep(project));

  it('starts a stack, exposes ports and outputs, and takes it down', async () => {
    const port = await freePort();
    projectDir = await tempProject('lib', { 'score.yaml': routedWorkloadScore('web', port, true) });
    const logger = memoryLogger();
    await init({ projectDir, project, noSample: true, logger });
    const result = await upStack({ projectDir, files: ['score.yaml'], logger });
    expect(result.projectName).toBe(project);
    expect(result.services.map((s) => s.service)).toContain('web-main');

    const services = await psStack({ projectDir, logger });
    const router = services.find((s) => s.service.startsWith('routing-'));
    expect(router?.ports.some((p) => p.hostPort === port && p.containerPort === 80)).toBe(true);
    expect(services.find((s) => s.service.startsWith('pg-') && !s.service.endsWith('-init'))?.health).toBe('healthy');

    const db = await getResourceOutputs(projectDir, 'postgres.default#web.db');
    expect(Object.keys(db).sort()).toEqual(['database', 'host', 'name', 'password', 'port', 'username']);
    const dns = await getResourceOutputs(projectDir, 'dns.default#web.dns');
    const response = await httpGet(port, String(dns.host), '/');
    expect(response).toEqual({ status: 200, body: ROUTED_BODY });

    await expect(getResourceOutputs(projectDir, 'redis.default#web.cache')).rejects.toBeInstanceOf(ScoreComposeError);

    const removed = await downStack({ projectDir, volumes: true, logger });
    expect(removed.containers.length).toBe(services.length + 2); // plus the exited init and wait-for-resources
    expect(leftovers(project)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 180_000);
});
