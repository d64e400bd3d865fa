import { describe, expect, it } from 'vitest';
import type { ComposeProject } from '../../../../src/compose/types.js';
import type { EngineEvent } from '../../../../src/runtime/engine/container-runtime.js';
import { demuxLogBuffer, LogDemuxer, NdjsonSplitter } from '../../../../src/runtime/engine/log-demux.js';
import { checkProjectConsistency } from '../../../../src/runtime/up/project-checks.js';
import { formatDurationMs, parseBytes, parseDurationNs } from '../../../../src/compose/units.js';
import { applyEvent, evaluateWait, type WatchedState } from '../../../../src/runtime/up/wait-conditions.js';

describe('units', () => {
  it('parses Go durations to nanoseconds', () => {
    expect(parseDurationNs('10s')).toBe(10e9);
    expect(parseDurationNs('500ms')).toBe(5e8);
    expect(parseDurationNs('1m30s')).toBe(90e9);
    expect(parseDurationNs('1.5h')).toBe(5400e9);
    expect(parseDurationNs('2')).toBe(2e9);
    expect(parseDurationNs('0')).toBe(0);
    expect(parseDurationNs('5 seconds')).toBeUndefined();
    expect(parseDurationNs('10x')).toBeUndefined();
  });

  it('parses byte sizes with binary multiples', () => {
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1G')).toBe(1024 ** 3);
    expect(parseBytes('64MB')).toBe(64 * 1024 ** 2);
    expect(parseBytes('100')).toBe(100);
    expect(parseBytes(2048)).toBe(2048);
    expect(parseBytes('lots')).toBeUndefined();
  });

  it('formats durations like Go', () => {
    expect(formatDurationMs(1500)).toBe('1.5s');
    expect(formatDurationMs(90_000)).toBe('1m30s');
    expect(formatDurationMs(250)).toBe('250ms');
  });
});

const state = (over: Partial<WatchedState> = {}): WatchedState => ({
  status: 'running',
  exitCode: 0,
  hasHealthcheck: true,
  health: 'starting',
  ...over,
});
const event = (Action: string, attrs: Record<string, string> = {}): EngineEvent => ({
  Type: 'container',
  Action,
  Actor: { ID: 'c', Attributes: attrs },
  time: 0,
  timeNano: 0,
});

describe('wait conditions', () => {
  it('evaluates healthy', () => {
    expect(evaluateWait('healthy', state()).kind).toBe('pending');
    expect(evaluateWait('healthy', state({ health: 'healthy' })).kind).toBe('ok');
    expect(evaluateWait('healthy', state({ health: 'unhealthy' })).kind).toBe('unhealthy');
    expect(evaluateWait('healthy', state({ hasHealthcheck: false, health: undefined })).kind).toBe('no-healthcheck');
    expect(evaluateWait('healthy', state({ status: 'exited', exitCode: 2 }))).toEqual({ kind: 'exited', exitCode: 2 });
  });

  it('evaluates completed and running', () => {
    expect(evaluateWait('completed', state()).kind).toBe('pending');
    expect(evaluateWait('completed', state({ status: 'exited', exitCode: 0 })).kind).toBe('ok');
    expect(evaluateWait('completed', state({ status: 'exited', exitCode: 1 }))).toEqual({
      kind: 'exited',
      exitCode: 1,
    });
    expect(evaluateWait('running', state({ status: 'created' })).kind).toBe('pending');
    expect(evaluateWait('running', state()).kind).toBe('ok');
    expect(evaluateWait('running', state({ status: 'exited', exitCode: 0 })).kind).toBe('exited');
    expect(evaluateWait('running-or-healthy', state()).kind).toBe('pending');
    expect(evaluateWait('running-or-healthy', state({ hasHealthcheck: false, health: undefined })).kind).toBe('ok');
    expect(evaluateWait('stays-up', state({ health: 'healthy' })).kind).toBe('pending');
    expect(evaluateWait('stays-up', state({ status: 'dead', exitCode: 137 })).kind).toBe('exited');
    expect(evaluateWait('started', state({ status: 'created' })).kind).toBe('ok');
    expect(evaluateWait('running', state({ status: 'removed' })).kind).toBe('removed');
  });

  it('applies events', () => {
    expect(applyEvent(state({ status: 'created', health: undefined }), event('start'))).toMatchObject({
      status: 'running',
      health: 'starting',
    });
    expect(applyEvent(state(), event('die', { exitCode: '3' }))).toMatchObject({ status: 'exited', exitCode: 3 });
    expect(applyEvent(state(), event('health_status: healthy')).health).toBe('healthy');
    expect(applyEvent(state(), event('exec_start: sh')).status).toBe('running');
  });
});

describe('consistency checks', () => {
  const base = (services: ComposeProject['services'], extra: Partial<ComposeProject> = {}): ComposeProject => ({
    services,
    ...extra,
  });
  it('uses compose messages', () => {
    expect(() =>
      checkProjectConsistency(
        base({ a: { image: 'x', depends_on: { b: { condition: 'service_started', required: true } } } }),
      ),
    ).toThrow('service "a" depends on undefined service "b": invalid compose project');
    expect(() =>
      checkProjectConsistency(base({ a: { image: 'x', volumes: [{ type: 'volume', source: 'v', target: '/v' }] } })),
    ).toThrow('service "a" refers to undefined volume v: invalid compose project');
    expect(() => checkProjectConsistency(base({ a: { image: 'x', network_mode: 'service:z' } }))).toThrow(
      `service "z" not found for network_mode 'service:z'`,
    );
    expect(() => checkProjectConsistency(base({ a: { image: 'x', networks: { n: null } } }))).toThrow(
      'service "a" refers to undefined network n: invalid compose project',
    );
  });

  it('accepts a consistent project and rejects cycles', () => {
    expect(() =>
      checkProjectConsistency(
        base(
          { a: { image: 'x', networks: { default: null }, volumes: [{ type: 'volume', source: 'v', target: '/v' }] } },
          { volumes: { v: {} } },
        ),
      ),
    ).not.toThrow();
    const dep = { condition: 'service_started' as const, required: true };
    expect(() =>
      checkProjectConsistency(
        base({ a: { image: 'x', depends_on: { b: dep } }, b: { image: 'x', depends_on: { a: dep } } }),
      ),
    ).toThrow('dependency cycle detected: a -> b -> a');
  });
});

describe('log demux', () => {
  const frame = (stream: number, text: string): Buffer => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  it('splits stdout and stderr frames, also across chunks', () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]);
    expect(demuxLogBuffer(all)).toEqual([
      { stream: 'stdout', text: 'out\n' },
      { stream: 'stderr', text: 'err\n' },
    ]);
    const d = new LogDemuxer();
    expect(d.push(all.subarray(0, 5))).toEqual([]);
    expect(d.push(all.subarray(5, 14))).toEqual([{ stream: 'stdout', text: 'out\n' }]);
    expect(d.push(all.subarray(14))).toEqual([{ stream: 'stderr', text: 'err\n' }]);
  });

  it('splits NDJSON across chunks', () => {
    const s = new NdjsonSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual([{ a: 1 }]);
    expect(s.push(':2}\n')).toEqual([{ b: 2 }]);
  });
});
