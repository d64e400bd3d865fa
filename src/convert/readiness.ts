// httpGet probes → one-shot readiness services. A container's httpGet readiness probe (or its
// httpGet liveness probe when it has no other) becomes the service `<workload>-<container>.ready`:
// a small utility container in the probed container's network namespace that polls the endpoint
// with wget until it answers, then exits 0. Dependants wait for it with
// `service_completed_successfully`, so `up` and `docker compose up` honour the probe alike, and no
// container address has to be reachable from the host (Docker Desktop).
import type { ContainerProbe } from '../score/types.js';
import type { ComposeService } from '../compose/types.js';
import { escapeAllDollars } from '../placeholders/escape-dollars.js';

/** The image of the utility services (wait-for-resources, readiness); busybox provides `wget` and `timeout`. */
export const UTILITY_IMAGE = 'alpine';

/** The label provisioners put on services that run once and exit. */
export const INIT_CONTAINER_LABEL = 'dev.score.compose.labels.is-init-container';

/** How long a readiness service waits for its endpoint before it fails. */
export const READINESS_TIMEOUT_SECONDS = 300;

/** Seconds one request may take before it counts as unanswered. */
const REQUEST_TIMEOUT_SECONDS = 2;

/** `.` never appears in Score names, so `<workload>-<container>.ready` cannot collide with a converted service. */
export function readinessServiceName(containerService: string): string {
  return `${containerService}.ready`;
}

/** An httpGet probe that is honoured, and the field it was written at. */
export interface HttpProbe {
  /** e.g. `containers.web.readinessProbe`. */
  field: string;
  httpGet: NonNullable<ContainerProbe['httpGet']>;
}

/** What a readiness service needs to know. */
export interface ReadinessServiceInput {
  /** The probed container's service, `<workload>-<container>`. */
  service: string;
  /** The service owning the probed container's network namespace (itself, or the workload's primary). */
  networkOwner: string;
  probe: HttpProbe;
}

/** The one-shot service polling `probe` from inside the probed container's network namespace. */
export function readinessService(input: ReadinessServiceInput): ComposeService {
  return {
    // Every `$` doubled: the script's own and any in the probe's fields are literal to compose.
    command: ['sh', '-c', escapeAllDollars(probeScript(input.service, input.probe))],
    depends_on: { [input.service]: { condition: 'service_started', required: true } },
    image: UTILITY_IMAGE,
    labels: { [INIT_CONTAINER_LABEL]: 'true' },
    network_mode: `service:${input.networkOwner}`,
    restart: 'no',
  };
}

/** The URL a probe requests: the probe's host, else the loopback address of the shared network namespace. */
export function probeUrl(httpGet: HttpProbe['httpGet']): string {
  const scheme = (httpGet.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
  let host = httpGet.host ?? '127.0.0.1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  const path = httpGet.path === '' ? '/' : httpGet.path.startsWith('/') ? httpGet.path : `/${httpGet.path}`;
  return `${scheme}://${host}:${httpGet.port}${path}`;
}

/**
 * The shell script (before compose escaping): one line saying what it waits for, a request a
 * second (busybox wget exits non-zero on no answer and on HTTP 4xx/5xx, so 2xx and 3xx count as
 * ready), and a clear failure after READINESS_TIMEOUT_SECONDS. `timeout` bounds each request:
 * some busybox builds have no `wget -T`.
 */
function probeScript(service: string, probe: HttpProbe): string {
  const { httpGet } = probe;
  const url = probeUrl(httpGet);
  const what = `${url} (${probe.field.replace(/^containers\.[^.]+\./, '')} of ${service})`;
  const wget = [
    `timeout ${REQUEST_TIMEOUT_SECONDS} wget -q -O /dev/null`,
    ...(url.startsWith('https:') ? ['--no-check-certificate'] : []),
    ...(httpGet.httpHeaders ?? []).map((h) => `--header ${shQuote(`${h.name}: ${h.value}`)}`),
    shQuote(url),
  ].join(' ');
  const limit = READINESS_TIMEOUT_SECONDS;
  return [
    `echo ${shQuote(`waiting up to ${limit}s for ${what}`)}`,
    `end=$(($(date +%s)+${limit}))`,
    `until err=$(${wget} 2>&1); do`,
    ` if [ "$(date +%s)" -ge "$end" ]; then echo ${shQuote(`not ready after ${limit}s: ${what}:`)} "\${err:-no answer}"; exit 1; fi`,
    ' sleep 1',
    'done',
    `echo ${shQuote(`ready: ${what}`)}`,
  ].join('\n');
}

/** A single-quoted shell word. */
function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
