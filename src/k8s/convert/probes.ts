// Score probes → Kubernetes probes: httpGet and exec both exist there as they are in Score.
import { fieldError } from '../../convert/convert-error.js';
import type { ContainerProbe } from '../../score/types.js';

export function convertProbe(field: string, probe: ContainerProbe): Record<string, unknown> {
  const http = probe.httpGet;
  if (http !== undefined) {
    return {
      httpGet: {
        ...(http.path ? { path: http.path } : {}),
        port: http.port,
        ...(http.host ? { host: http.host } : {}),
        ...(http.scheme ? { scheme: http.scheme } : {}),
        ...(http.httpHeaders?.length
          ? { httpHeaders: http.httpHeaders.map(({ name, value }) => ({ name, value })) }
          : {}),
      },
    };
  }
  if (probe.exec !== undefined) return { exec: { command: [...probe.exec.command] } };
  throw fieldError(field, 'either httpGet or exec must be defined');
}
