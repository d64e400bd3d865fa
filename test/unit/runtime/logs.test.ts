import { describe, expect, it } from 'vitest';
import type {
  ContainerRuntime,
  ContainerSummary,
  EngineEvent,
  LogChunk,
  LogsOptions,
} from '../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../src/runtime/engine/container-runtime.js';
import { exitCodeFor } from '../../../src/common/errors.js';
import { LineSplitter, logPrefix } from '../../../src/runtime/log-prefix.js';
import { logs } from '../../../src/runtime/logs.js';

function summary(id: string, service: string): ContainerSummary {
  return {
    Id: id,
    Names: [`/p-${service}-1`],
    Image: 'x',
    ImageID: 'x',
    State: 'running',
    Status: '',
    Labels: { 'com.docker.compose.service': service },
    Created: 0,
  };
}

function out(): { write: (s: string) => void; lines: () => string[] } {
  let text = '';
  return { write: (s) => void (text += s), lines: () => text.split('\n').filter((l) => l !== '') };
}

describe('logPrefix and LineSplitter', () => {
  it('pads to the longest service and colours only the prefix', () => {
    expect(logPrefix('db', 5)).toBe('db     | ');
    expect(logPrefix('db', 2, '36')).toBe('\x1b[36mdb  |\x1b[0m ');
  });

  it('keeps a line split across chunks together', () => {
    const s = new LineSplitter();
    expect(s.push('hel')).toEqual([]);
    expect(s.push('lo\r\nwor')).toEqual(['hello']);
    expect(s.push('ld\n\n')).toEqual(['world', '']);
    expect(s.push('tail')).toEqual([]);
    expect(s.flush()).toEqual(['tail']);
  });
});

describe('logs', () => {
  it('prefixes whole lines of stdout and stderr per service, for the selected services only', async () => {
    const seen: { id: string; opts: LogsOptions | undefined }[] = [];
    const chunks: Record<string, LogChunk[]> = {
      a: [
        { stream: 'stdout', text: 'one\ntw' },
        { stream: 'stderr', text: 'oops\n' },
        { stream: 'stdout', text: 'o\n' },
      ],
      b: [{ stream: 'stdout', text: 'no newline at end' }],
      c: [{ stream: 'stdout', text: 'not selected\n' }],
    };
    const runtime = {
      listContainers: async () => [summary('a', 'api'), summary('b', 'database'), summary('c', 'other')],
      async *containerLogs(id: string, opts?: LogsOptions) {
        seen.push({ id, opts });
        yield* chunks[id] ?? [];
      },
    } as unknown as ContainerRuntime;
    const o = out();
    await logs(runtime, {
      projectName: 'p',
      services: ['api', 'database'],
      tail: 5,
      timestamps: true,
      out: o,
      color: false,
    });
    expect(o.lines().sort()).toEqual(
      ['api       | one', 'api       | oops', 'api       | two', 'database  | no newline at end'].sort(),
    );
    expect(seen.map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(seen[0]?.opts).toMatchObject({ follow: false, tail: 5, timestamps: true });
  });

  it('colours services in compose palette order', async () => {
    const runtime = {
      listContainers: async () => [summary('b', 'web'), summary('a', 'db')],
      async *containerLogs(id: string) {
        yield { stream: 'stdout', text: `${id}\n` } satisfies LogChunk;
      },
    } as unknown as ContainerRuntime;
    const o = out();
    await logs(runtime, { projectName: 'p', out: o, color: true });
    expect(o.lines().sort()).toEqual(['\x1b[36mdb   |\x1b[0m a', '\x1b[33mweb  |\x1b[0m b'].sort());
  });

  it('fails for a service without containers', async () => {
    const runtime = { listContainers: async () => [summary('a', 'api')] } as unknown as ContainerRuntime;
    await expect(logs(runtime, { projectName: 'p', services: ['nope'], out: out(), color: false })).rejects.toThrow(
      'no such service: nope',
    );
  });

  it('follows: attaches containers that start later, until aborted', async () => {
    const ac = new AbortController();
    let emitStart: ((ev: EngineEvent) => void) | undefined;
    const attached: string[] = [];
    const o = out();
    const runtime = {
      listContainers: async () => [summary('a', 'api')],
      async *events(opts: { signal: AbortSignal; onOpen?: () => void; filters?: unknown }) {
        expect(opts.filters).toMatchObject({ type: ['container'], event: ['start'] });
        const queue: EngineEvent[] = [];
        let wake: (() => void) | undefined;
        emitStart = (ev) => {
          queue.push(ev);
          wake?.();
        };
        opts.onOpen?.();
        while (!opts.signal.aborted) {
          const ev = queue.shift();
          if (ev !== undefined) yield ev;
          else
            await new Promise<void>((r) => {
              wake = r;
              opts.signal.addEventListener('abort', () => r(), { once: true });
            });
        }
      },
      async *containerLogs(id: string, opts?: LogsOptions) {
        attached.push(`${id}:${opts?.since ?? '-'}`);
        yield { stream: 'stdout', text: `hello from ${id}\n` } satisfies LogChunk;
        await new Promise<void>((r) => opts?.signal?.addEventListener('abort', () => r(), { once: true }));
      },
    } as unknown as ContainerRuntime;
    const done = logs(runtime, { projectName: 'p', follow: true, out: o, color: false, signal: ac.signal });
    await vi_waitFor(() => attached.length === 1);
    emitStart?.({
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'b', Attributes: { 'com.docker.compose.service': 'worker' } },
      time: 1000,
      timeNano: 0,
    });
    // A start of a container that is already streaming must not attach it twice.
    emitStart?.({
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'a', Attributes: { 'com.docker.compose.service': 'api' } },
      time: 1001,
      timeNano: 0,
    });
    await vi_waitFor(() => o.lines().length === 2);
    ac.abort();
    await done;
    expect(attached).toEqual(['a:-', 'b:1000']);
    // The width grows when a longer service name appears; earlier lines keep theirs.
    expect(o.lines()).toEqual(['api  | hello from a', 'worker  | hello from b']);
  });

  it('follows: the engine going away ends it with one clean error (exit 3), not a crash', async () => {
    const ac = new AbortController();
    let breakStreams: ((err: Error) => void) | undefined;
    const broken = new Promise<Error>((r) => (breakStreams = r));
    const lost = () => new EngineRequestError(0, 'logs of container a: ECONNRESET: aborted');
    const runtime = {
      endpointLabel: 'unix:///tmp/proxy.sock',
      listContainers: async () => [summary('a', 'api'), summary('b', 'db')],
      // eslint-disable-next-line require-yield -- a stream that opens, then breaks before any event
      async *events(opts: { onOpen?: () => void }) {
        opts.onOpen?.();
        throw await broken;
      },
      async *containerLogs(id: string) {
        yield { stream: 'stdout', text: `hello from ${id}\n` } satisfies LogChunk;
        throw await broken;
      },
    } as unknown as ContainerRuntime;
    const o = out();
    const done = logs(runtime, { projectName: 'p', follow: true, out: o, color: false, signal: ac.signal });
    await vi_waitFor(() => o.lines().length === 2);
    breakStreams?.(lost());
    const err = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'engine',
      message: 'lost the connection to the Docker engine at unix:///tmp/proxy.sock while following the logs',
      details: ['logs of container a: ECONNRESET: aborted'],
    });
    expect(exitCodeFor(err)).toBe(3);
  });

  it('follows: an event stream the engine closes ends it as a lost engine', async () => {
    const runtime = {
      endpointLabel: 'unix:///x.sock',
      listContainers: async () => [],
      // eslint-disable-next-line require-yield -- a stream that opens, then ends with no event
      async *events(opts: { onOpen?: () => void }) {
        opts.onOpen?.();
      },
    } as unknown as ContainerRuntime;
    const ac = new AbortController();
    await expect(
      logs(runtime, { projectName: 'p', follow: true, out: out(), color: false, signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'engine', details: ['the Docker engine closed the event stream'] });
  });
});

async function vi_waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not reached');
}
