// The Engine multiplexes stdout and stderr of a non-TTY container into frames:
// an 8-byte header (stream type, 3 zero bytes, big-endian payload length) then the payload.
// A pure, incremental parser so a frame split across network chunks is handled.

import { StringDecoder } from 'node:string_decoder';
import type { LogChunk } from './container-runtime.js';

const HEADER = 8;

/** Incremental frame parser: feed raw bytes, get demultiplexed text chunks. */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  /** Parses every complete frame in `data` (plus what was left over before). */
  push(data: Buffer): LogChunk[] {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const out: LogChunk[] = [];
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      // 0 = stdin (never sent), 1 = stdout, 2 = stderr.
      const stream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      const text = this.decoders[stream].write(this.pending.subarray(HEADER, HEADER + size));
      if (text !== '') out.push({ stream, text });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return out;
  }
}

/** Decodes a complete multiplexed log buffer (non-follow logs of a non-TTY container). */
export function demuxLogBuffer(data: Buffer): LogChunk[] {
  return new LogDemuxer().push(data);
}

/** Splits a byte stream of newline-delimited JSON values; tolerates values split across chunks. */
export class NdjsonSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');

  /** Returns the parsed values of every complete line in `data`; unparsable lines are skipped. */
  push(data: Buffer | string): unknown[] {
    this.rest += typeof data === 'string' ? data : this.decoder.write(data);
    const lines = this.rest.split('\n');
    this.rest = lines.pop() ?? '';
    const out: unknown[] = [];
    for (const line of lines) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      try {
        out.push(JSON.parse(trimmed));
      } catch {
        // A partial or garbage line is dropped: events are advisory, state is re-read by inspect.
      }
    }
    return out;
  }
}
