// Wait strategies beyond the healthcheck, as testcontainers has them: an HTTP status on a path, a
// log line, a TCP port that accepts connections. Each polls (or follows the log) until it holds,
// and on timeout fails with what it last saw and the service's last log lines.

import { request } from 'node:http';
import { connect } from 'node:net';
import { ScoreComposeError } from '../common/errors.js';

/** What "ready" means for one service, besides its healthcheck. */
export type WaitStrategy =
  | {
      /** GET `path` on the service's published `port` (its first published port when omitted). */
      http: {
        path?: string;
        port?: number;
        status?: number | ((status: number) => boolean);
        headers?: Record<string, string>;
      };
      timeoutMs?: number;
    }
  | {
      /** A line of the service's log matching this, `times` times (default 1). */ log: string | RegExp;
      times?: number;
      timeoutMs?: number;
    }
  | {
      /** A TCP connection to the published `port` (the first published one when omitted) succeeds. */ tcp: {
        port?: number;
      };
      timeoutMs?: number;
    };

/** The default bound of a wait strategy. */
export const DEFAULT_WAIT_MS = 60_000;
const POLL_MS = 100;

/** What a strategy needs from the environment. */
export interface WaitContext {
  service: string;
  /** The host and published port for a container port (the first published port when undefined). */
  address(containerPort: number | undefined): { host: string; port: number };
  /** The service's log so far. */
  logs(): Promise<string>;
  /** Its last log lines, for the failure message. */
  lastLines(): Promise<string[]>;
  signal?: AbortSignal;
}

function httpStatus(host: string, port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', reject);
    req.end();
  });
}

function tcpOpen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 2_000 }, () => {
      socket.end();
      resolve();
    });
    socket.on('timeout', () => socket.destroy(new Error('no answer within 2 s')));
    socket.on('error', reject);
  });
}

function countMatches(text: string, pattern: string | RegExp): number {
  return text.split('\n').filter((line) => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line)))
    .length;
}

/** Waits until `strategy` holds for the service; throws a runtime error naming what it waited for. */
export async function waitForStrategy(strategy: WaitStrategy, ctx: WaitContext): Promise<void> {
  const timeoutMs = strategy.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let what: string;
  let check: () => Promise<void>;
  if ('http' in strategy) {
    const { path = '/', port, status = (s: number) => s >= 200 && s < 400, headers = {} } = strategy.http;
    const ok = typeof status === 'number' ? (s: number) => s === status : status;
    const target = ctx.address(port);
    what = `HTTP GET http://${target.host}:${target.port}${path} to answer ${typeof status === 'number' ? status : 'with a 2xx or 3xx status'}`;
    check = async () => {
      const got = await httpStatus(target.host, target.port, path, headers);
      if (!ok(got)) throw new Error(`status ${got}`);
    };
  } else if ('log' in strategy) {
    const times = strategy.times ?? 1;
    what = `${times === 1 ? 'a log line' : `${times} log lines`} matching ${String(strategy.log)}`;
    check = async () => {
      const seen = countMatches(await ctx.logs(), strategy.log);
      if (seen < times) throw new Error(`${seen} so far`);
    };
  } else {
    const target = ctx.address(strategy.tcp.port);
    what = `a TCP connection to ${target.host}:${target.port}`;
    check = () => tcpOpen(target.host, target.port);
  }
  let last: string;
  for (;;) {
    if (ctx.signal?.aborted === true)
      throw new ScoreComposeError('interrupted', `interrupted while waiting for ${ctx.service}`);
    try {
      await check();
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new ScoreComposeError(
        'runtime',
        `service "${ctx.service}" not ready after ${timeoutMs} ms: waited for ${what} (last: ${last})`,
        {
          details: await ctx.lastLines().catch(() => []),
        },
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
