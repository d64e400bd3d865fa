import { describe, expect, it } from 'vitest';
import { formatPsJson, humanDuration } from '../../../src/runtime/ps-json.js';
import type { ServiceStatus } from '../../../src/runtime/ps.js';

const row: ServiceStatus = {
  service: 'routing-abc',
  container: 'demo-routing-abc-1',
  id: '4773c2c6d93c0123456789abcdef',
  project: 'demo',
  status: 'Up 4 seconds (healthy)',
  created: '2026-12-02T09:21:42Z',
  command: '/docker-entrypoint.sh nginx -g daemon off;',
  labels: { 'com.docker.compose.service': 'routing-abc', 'com.docker.compose.project': 'demo' },
  networks: ['demo_default'],
  mounts: [
    { type: 'bind', source: '/tmp/try/demo/.score-compose/mounts/x', local: false },
    { type: 'volume', source: 'demo_data', local: true },
  ],
  state: 'running',
  health: 'healthy',
  exitCode: 0,
  image: 'mirror.gcr.io/nginx:1-alpine',
  ports: [
    { hostIp: '::', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
    { hostIp: '0.0.0.0', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
    { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp' },
  ],
};

describe('formatPsJson', () => {
  it("writes one object per line with docker compose's keys and formatting", () => {
    const now = Date.parse('2026-12-02T09:21:48Z');
    const text = formatPsJson([row, { ...row, service: 'web', ports: [], mounts: [] }], now);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({
      Command: '"/docker-entrypoint.…"',
      CreatedAt: '2026-12-02 09:21:42 +0000 UTC',
      ExitCode: 0,
      Health: 'healthy',
      ID: '4773c2c6d93c',
      Image: 'mirror.gcr.io/nginx:1-alpine',
      Labels: 'com.docker.compose.project=demo,com.docker.compose.service=routing-abc',
      LocalVolumes: '1',
      Mounts: '/tmp/try/demo/…,demo_data',
      Name: 'demo-routing-abc-1',
      Names: 'demo-routing-abc-1',
      Networks: 'demo_default',
      Ports: '53/udp, 0.0.0.0:18080->80/tcp, :::18080->80/tcp',
      Project: 'demo',
      Publishers: [
        { URL: '', TargetPort: 53, PublishedPort: 0, Protocol: 'udp' },
        { URL: '0.0.0.0', TargetPort: 80, PublishedPort: 18080, Protocol: 'tcp' },
        { URL: '::', TargetPort: 80, PublishedPort: 18080, Protocol: 'tcp' },
      ],
      RunningFor: '6 seconds ago',
      Service: 'routing-abc',
      Size: '0B',
      State: 'running',
      Status: 'Up 4 seconds (healthy)',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ Service: 'web', Publishers: null, Ports: '', LocalVolumes: '0' });
  });

  it("words durations as docker's HumanDuration", () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1_000)).toBe('1 second');
    expect(humanDuration(59_000)).toBe('59 seconds');
    expect(humanDuration(90_000)).toBe('About a minute');
    expect(humanDuration(45 * 60_000)).toBe('45 minutes');
    expect(humanDuration(80 * 60_000)).toBe('About an hour');
    expect(humanDuration(5 * 3_600_000)).toBe('5 hours');
    expect(humanDuration(3 * 86_400_000)).toBe('3 days');
    expect(humanDuration(20 * 86_400_000)).toBe('2 weeks');
    expect(humanDuration(100 * 86_400_000)).toBe('3 months');
    expect(humanDuration(800 * 86_400_000)).toBe('2 years');
  });
});
