import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProgressMessage } from '../../../../src/runtime/engine/container-runtime.js';
import { EngineRequestError } from '../../../../src/runtime/engine/container-runtime.js';
import { parseImageRef } from '../../../../src/runtime/images/ref.js';
import { readProgressStream } from '../../../../src/runtime/engine/json-stream.js';

describe('readProgressStream', () => {
  it('passes every message on, even when split across chunks', async () => {
    const seen: ProgressMessage[] = [];
    const chunks = [
      '{"status":"Pulling fs la',
      'yer","id":"a"}\n{"status":"Download',
      'ing","id":"a","progressDetail":{"current":1,"total":2}}\n',
    ];
    const all = await readProgressStream(Readable.from(chunks.map((c) => Buffer.from(c))), 'pull image x', (m) =>
      seen.push(m),
    );
    expect(seen.map((m) => m.status)).toEqual(['Pulling fs layer', 'Downloading']);
    expect(all).toHaveLength(2);
  });

  it('rejects on an error message inside a successful response', async () => {
    const seen: string[] = [];
    const body =
      '{"status":"Pulling from library/x","id":"1"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n{"status":"never seen"}\n';
    const err = await readProgressStream(Readable.from([body]), 'pull image x:1', (m) =>
      seen.push(m.status ?? ''),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect((err as Error).message).toBe('pull image x:1: manifest unknown');
    expect(seen).toEqual(['Pulling from library/x']);
  });
});

describe('parseImageRef', () => {
  it('splits tag and digest, keeping a registry port in the repository', () => {
    expect(parseImageRef('nginx')).toEqual({ repository: 'nginx', tag: 'latest' });
    expect(parseImageRef('mirror.gcr.io/postgres:17-alpine')).toEqual({
      repository: 'mirror.gcr.io/postgres',
      tag: '17-alpine',
    });
    expect(parseImageRef('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: 'latest' });
    expect(parseImageRef('localhost:5000/app:2')).toEqual({ repository: 'localhost:5000/app', tag: '2' });
    expect(parseImageRef('busybox@sha256:abc')).toEqual({ repository: 'busybox', tag: 'sha256:abc' });
  });
});
