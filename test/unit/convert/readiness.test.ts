// httpGet probes → readiness services (`<workload>-<container>.ready`): shape, naming, network
// namespace owner, the wget command line, compose `$$` escaping, `before: ready: healthy`, and the
// polling script itself, run by /bin/sh against a fake wget, timeout and date.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertWorkload } from '../../../src/convert/workload.js';
import { probeUrl, READINESS_TIMEOUT_SECONDS } from '../../../src/convert/readiness.js';
import type { Container, ContainerProbe } from '../../../src/score/types.js';

function convert(containers: Record<string, Container>, name = 'example') {
  return convertWorkload({
    workload: { apiVersion: 'score.dev/v1b1', metadata: { name }, containers },
    projectDir: '/p',
    resources: () => undefined,
    mountsDirectory: '.score-compose/mounts',
    readFile: () => Buffer.alloc(0),
  });
}

const http = (httpGet: NonNullable<ContainerProbe['httpGet']>): ContainerProbe => ({ httpGet });
const exec = (...command: string[]): ContainerProbe => ({ exec: { command } });

/** The script as the container's shell receives it: compose turns `$$` into `$`. */
function scriptOf(service: { command?: string[] } | undefined): string {
  const command = service?.command ?? [];
  expect(command.slice(0, 2)).toEqual(['sh', '-c']);
  const text = command[2] ?? '';
  // Every `$` is part of a `$$` pair, so compose interpolates nothing.
  expect(text.replaceAll('$$', '')).not.toContain('$');
  return text.replaceAll('$$', '$');
}

describe('readiness services', () => {
  it('turns an httpGet readiness probe into a one-shot service in the container network namespace', () => {
    const out = convert({ web: { image: 'busybox', readinessProbe: http({ port: 8080, path: '/healthz' }) } });
    expect(out.readinessServices).toEqual(['example-web.ready']);
    expect(Object.keys(out.services).sort()).toEqual(['example-web', 'example-web.ready']);
    expect(out.services['example-web.ready']).toEqual({
      command: ['sh', '-c', expect.any(String)],
      depends_on: { 'example-web': { condition: 'service_started', required: true } },
      image: 'alpine',
      labels: { 'dev.score.compose.labels.is-init-container': 'true' },
      network_mode: 'service:example-web',
      restart: 'no',
    });
    // The probed container itself is unchanged: no healthcheck, no dependency on its probe.
    expect(out.services['example-web']).not.toHaveProperty('healthcheck');
    expect(out.services['example-web']).not.toHaveProperty('depends_on');
    expect(out.warnings).toEqual([]);
    expect(scriptOf(out.services['example-web.ready'])).toBe(
      [
        "echo 'waiting up to 300s for http://127.0.0.1:8080/healthz (readinessProbe of example-web)'",
        'end=$(($(date +%s)+300))',
        "until err=$(timeout 2 wget -q -O /dev/null 'http://127.0.0.1:8080/healthz' 2>&1); do",
        ` if [ "$(date +%s)" -ge "$end" ]; then echo 'not ready after 300s: http://127.0.0.1:8080/healthz (readinessProbe of example-web):' "\${err:-no answer}"; exit 1; fi`,
        ' sleep 1',
        'done',
        "echo 'ready: http://127.0.0.1:8080/healthz (readinessProbe of example-web)'",
      ].join('\n'),
    );
    expect(READINESS_TIMEOUT_SECONDS).toBe(300);
  });

  it('uses the network namespace owner: the primary for a sidecar, the container itself when it starts first', () => {
    const probe = http({ port: 80, path: '/' });
    const out = convert({
      app: { image: 'a', readinessProbe: probe },
      side: { image: 's', readinessProbe: probe },
      db: { image: 'd', readinessProbe: probe, before: { app: { ready: 'started' } } },
    });
    // db has a before entry, so app is the primary; side shares app's namespace, db keeps its own.
    expect(out.services['example-side']?.network_mode).toBe('service:example-app');
    expect(out.readinessServices).toEqual(['example-app.ready', 'example-db.ready', 'example-side.ready']);
    expect(out.services['example-app.ready']?.network_mode).toBe('service:example-app');
    expect(out.services['example-side.ready']?.network_mode).toBe('service:example-app');
    expect(out.services['example-side.ready']?.depends_on).toEqual({
      'example-side': { condition: 'service_started', required: true },
    });
    expect(out.services['example-db.ready']?.network_mode).toBe('service:example-db');
  });

  it('passes headers, https, a host and the path to wget, with every $ escaped for compose', () => {
    const out = convert({
      web: {
        image: 'b',
        readinessProbe: http({
          scheme: 'HTTPS',
          host: 'localhost',
          port: 8443,
          path: '/ready?token=$TOKEN',
          httpHeaders: [
            { name: 'X-Probe', value: "it's $HOME" },
            { name: 'Accept', value: 'text/plain' },
          ],
        }),
      },
    });
    const raw = out.services['example-web.ready']?.command?.[2] ?? '';
    expect(raw).toContain("'https://localhost:8443/ready?token=$$TOKEN'");
    const script = scriptOf(out.services['example-web.ready']);
    expect(script).toContain(
      "timeout 2 wget -q -O /dev/null --no-check-certificate --header 'X-Probe: it'\\''s $HOME' --header 'Accept: text/plain' 'https://localhost:8443/ready?token=$TOKEN'",
    );
  });

  it('builds the URL from scheme, host, port and path', () => {
    expect(probeUrl({ port: 80, path: '/' })).toBe('http://127.0.0.1:80/');
    expect(probeUrl({ port: 80, path: '' })).toBe('http://127.0.0.1:80/');
    expect(probeUrl({ port: 80, path: 'health' })).toBe('http://127.0.0.1:80/health');
    expect(probeUrl({ port: 80, path: '/', scheme: 'HTTPS' })).toBe('https://127.0.0.1:80/');
    expect(probeUrl({ port: 80, path: '/', host: '::1' })).toBe('http://[::1]:80/');
    expect(probeUrl({ port: 80, path: '/', host: '[::1]' })).toBe('http://[::1]:80/');
  });

  it('honours an httpGet liveness probe only when there is no readiness probe', () => {
    const live = http({ port: 9000, path: '/live' });
    const ready = http({ port: 9000, path: '/ready' });
    const onlyLive = convert({ c: { image: 'b', livenessProbe: live } });
    expect(scriptOf(onlyLive.services['example-c.ready'])).toContain(
      "'http://127.0.0.1:9000/live' 2>&1); do", // the liveness probe stands in
    );
    expect(onlyLive.warnings).toEqual([]);

    const both = convert({ c: { image: 'b', readinessProbe: ready, livenessProbe: live } });
    expect(scriptOf(both.services['example-c.ready'])).toContain("'http://127.0.0.1:9000/ready'");
    expect(both.warnings).toEqual(['containers.c.livenessProbe: httpGet container probe: not supported - ignoring']);

    // An exec readiness probe is the healthcheck; the httpGet liveness probe adds nothing.
    const execReady = convert({ c: { image: 'b', readinessProbe: exec('true'), livenessProbe: live } });
    expect(execReady.readinessServices).toEqual([]);
    expect(execReady.services['example-c']?.healthcheck?.test).toEqual(['CMD', 'true']);

    // httpGet readiness with an exec liveness probe: both honoured.
    const mixed = convert({ c: { image: 'b', readinessProbe: ready, livenessProbe: exec('true') } });
    expect(mixed.readinessServices).toEqual(['example-c.ready']);
    expect(mixed.services['example-c']?.healthcheck?.test).toEqual(['CMD', 'true']);
    expect(mixed.warnings).toEqual([]);
  });

  it('does not check the probe of an init container, with a warning', () => {
    const out = convert({
      migrate: { image: 'm', readinessProbe: http({ port: 80, path: '/' }), before: { app: { ready: 'complete' } } },
      app: { image: 'a' },
    });
    expect(out.readinessServices).toEqual([]);
    expect(Object.keys(out.services).sort()).toEqual(['example-app', 'example-migrate']);
    expect(out.warnings).toEqual([
      'containers.migrate.readinessProbe: httpGet probe of an init container: not checked - ignoring',
    ]);
  });
});

describe('before with readiness services', () => {
  const probe = http({ port: 5000, path: '/' });

  it('waits for the readiness service on ready: healthy, and keeps started and complete as they were', () => {
    const out = convert({
      api: {
        image: 'a',
        readinessProbe: probe,
        before: { worker: { ready: 'healthy' }, logger: { ready: 'started' } },
      },
      logger: { image: 'l' },
      worker: { image: 'w' },
    });
    expect(out.services['example-worker']?.depends_on).toEqual({
      'example-api.ready': { condition: 'service_completed_successfully', required: true },
    });
    expect(out.services['example-logger']?.depends_on).toEqual({
      'example-api': { condition: 'service_started', required: true },
    });
    // api must be ready before others start: it keeps its own namespace, and so does its probe.
    expect(out.services['example-api.ready']?.network_mode).toBe('service:example-api');
  });

  it('prefers the readiness service over an exec liveness healthcheck', () => {
    const out = convert({
      api: { image: 'a', readinessProbe: probe, livenessProbe: exec('true'), before: { web: { ready: 'healthy' } } },
      web: { image: 'w' },
    });
    expect(out.services['example-web']?.depends_on).toEqual({
      'example-api.ready': { condition: 'service_completed_successfully', required: true },
    });
  });

  it('keeps service_healthy for exec probes and the error for containers without probes', () => {
    const ok = convert({
      db: { image: 'd', readinessProbe: exec('pg_isready'), before: { app: { ready: 'healthy' } } },
      app: { image: 'a' },
    });
    expect(ok.services['example-app']?.depends_on).toEqual({
      'example-db': { condition: 'service_healthy', required: true },
    });
    expect(() => convert({ db: { image: 'd', before: { app: { ready: 'healthy' } } }, app: { image: 'a' } })).toThrow(
      "containers.db.before: ready 'healthy' requires a readiness or liveness probe to be defined",
    );
  });
});

// The script against fakes: `wget` answers after a number of refusals (or never), `date` jumps a
// minute per call, `timeout` and `sleep` do nothing but run / return at once.
describe('the polling script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sct-readiness-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  bin('timeout', 'shift; exec "$@"');
  bin('sleep', 'exit 0');
  bin('date', `n=$(cat "${dir}/clock" 2>/dev/null || echo 1000); echo $((n + 60)) > "${dir}/clock"; echo "$n"`);
  bin(
    'wget',
    [
      `printf '%s\\n' "$@" > "${dir}/args"`,
      `n=$(cat "${dir}/calls" 2>/dev/null || echo 0); echo $((n + 1)) > "${dir}/calls"`,
      `if [ "$n" -ge "$(cat "${dir}/answers-after")" ]; then exit 0; fi`,
      `echo "wget: server returned error: HTTP/1.1 503 Service Unavailable" >&2; exit 1`,
    ].join('\n'),
  );

  const script = scriptOf(
    convert({
      web: {
        image: 'b',
        readinessProbe: http({ port: 8080, path: '/a b$x', httpHeaders: [{ name: 'X-A', value: '$1 "q"' }] }),
      },
    }).services['example-web.ready'],
  );
  const run = (answersAfter: number) => {
    for (const f of ['clock', 'calls', 'args']) rmSync(join(dir, f), { force: true });
    writeFileSync(join(dir, 'answers-after'), String(answersAfter));
    return spawnSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin` },
      timeout: 20_000,
    });
  };

  it('polls until the endpoint answers, then exits 0', () => {
    const result = run(2);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'waiting up to 300s for http://127.0.0.1:8080/a b$x (readinessProbe of example-web)',
      'ready: http://127.0.0.1:8080/a b$x (readinessProbe of example-web)',
    ]);
    expect(readFileSync(join(dir, 'calls'), 'utf8').trim()).toBe('3');
    expect(readFileSync(join(dir, 'args'), 'utf8').trim().split('\n')).toEqual([
      '-q',
      '-O',
      '/dev/null',
      '--header',
      'X-A: $1 "q"',
      'http://127.0.0.1:8080/a b$x',
    ]);
  });

  it('gives up after the bound with the last error, exit 1', () => {
    const result = run(1_000);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      'not ready after 300s: http://127.0.0.1:8080/a b$x (readinessProbe of example-web): wget: server returned error: HTTP/1.1 503 Service Unavailable',
    );
    // 300 s at a minute per clock reading: five refused requests, then the bound.
    expect(readFileSync(join(dir, 'calls'), 'utf8').trim()).toBe('5');
  });
});
