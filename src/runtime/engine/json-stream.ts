// Reads the newline-delimited JSON that `POST /images/create` and `POST /build` stream back.
// The engine reports most failures INSIDE a 200 response as `{"error": …}`; dockerode's
// followProgress ignores them, so every message is checked here.

import type { ProgressMessage } from './container-runtime.js';
import { EngineRequestError } from './container-runtime.js';
import { NdjsonSplitter } from './log-demux.js';

/** Calls `onMessage` for each message; rejects with the message of the first `error` in the stream. */
export async function readProgressStream(
  stream: AsyncIterable<unknown>,
  what: string,
  onMessage?: (message: ProgressMessage) => void,
): Promise<ProgressMessage[]> {
  const splitter = new NdjsonSplitter();
  const all: ProgressMessage[] = [];
  for await (const chunk of stream) {
    const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array);
    for (const value of splitter.push(data)) {
      if (value === null || typeof value !== 'object') continue;
      const message = value as ProgressMessage;
      const failure = progressError(message);
      // The engine answered: it reports the failure of the pull or build itself.
      if (failure !== undefined) throw new EngineRequestError(0, `${what}: ${failure}`, undefined, { code: 'runtime' });
      all.push(message);
      onMessage?.(message);
    }
  }
  return all;
}

/** The failure a message reports, if any. */
export function progressError(message: ProgressMessage): string | undefined {
  const detail = message.errorDetail?.message;
  if (typeof detail === 'string' && detail !== '') return detail.trim();
  if (typeof message.error === 'string' && message.error !== '') return message.error.trim();
  return undefined;
}
