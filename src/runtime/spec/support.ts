// Which compose service fields the built-in runtime honours. Anything else fails loudly rather
// than being silently dropped: a container that runs differently from `docker compose` is worse
// than a clear "use docker compose" message.

import { ScoreComposeError } from '../../common/errors.js';
import type { ComposeService } from '../../compose/types.js';

const SUPPORTED = new Set([
  'annotations',
  'build',
  'cap_add',
  'cap_drop',
  'command',
  'container_name',
  'cpus',
  'depends_on',
  'deploy',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'entrypoint',
  'environment',
  'expose',
  'extra_hosts',
  'group_add',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'labels',
  'logging',
  'mem_limit',
  'mem_reservation',
  'network_mode',
  'networks',
  'pids_limit',
  'platform',
  'ports',
  'privileged',
  'pull_policy',
  'read_only',
  'restart',
  'scale',
  'security_opt',
  'shm_size',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'user',
  'volumes',
  'working_dir',
]);

const SUPPORTED_DEPLOY = new Set(['resources', 'replicas']);
const SUPPORTED_RESOURCES = new Set(['limits', 'reservations']);
const SUPPORTED_LIMITS = new Set(['cpus', 'memory', 'pids']);
const SUPPORTED_HEALTHCHECK = new Set([
  'test',
  'interval',
  'timeout',
  'retries',
  'start_period',
  'start_interval',
  'disable',
]);

const HINT = 'run this project with `docker compose` instead, or remove the field';

/** The error for a field the runtime cannot honour. */
export function unsupportedField(service: string, field: string): ScoreComposeError {
  return new ScoreComposeError(
    'runtime',
    `service "${service}": field '${field}' is not supported by the built-in runtime`,
    { hint: HINT },
  );
}

/** The error for a field whose value cannot be understood. */
export function invalidField(service: string, field: string, problem: string): ScoreComposeError {
  return new ScoreComposeError('input', `service "${service}": ${field}: ${problem}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeys(service: string, prefix: string, value: unknown, allowed: Set<string>): void {
  if (!isObject(value)) return;
  for (const key of Object.keys(value).sort()) {
    if (!allowed.has(key) && !key.startsWith('x-')) throw unsupportedField(service, `${prefix}.${key}`);
  }
}

/** Throws for the first field of the service the runtime does not support. */
export function checkSupportedFields(name: string, service: ComposeService): void {
  if (service.provider !== undefined || service.models !== undefined) {
    const field = service.provider !== undefined ? 'provider' : 'models';
    throw new ScoreComposeError(
      'runtime',
      `service "${name}": field '${field}' needs Docker Model Runner, which is not reachable through the Docker Engine API`,
      {
        hint: 'run this project with `docker compose up` (Docker Desktop or the model plugin), or drop the llm-model resource',
      },
    );
  }
  for (const key of Object.keys(service).sort()) {
    if (!SUPPORTED.has(key) && !key.startsWith('x-')) throw unsupportedField(name, key);
  }
  const scale = service.scale;
  if (scale !== undefined && scale !== 1) throw unsupportedField(name, 'scale');
  const deploy = service.deploy;
  checkKeys(name, 'deploy', deploy, SUPPORTED_DEPLOY);
  if (isObject(deploy)) {
    if (deploy.replicas !== undefined && deploy.replicas !== 1) throw unsupportedField(name, 'deploy.replicas');
    checkKeys(name, 'deploy.resources', deploy.resources, SUPPORTED_RESOURCES);
    if (isObject(deploy.resources)) {
      checkKeys(name, 'deploy.resources.limits', deploy.resources.limits, SUPPORTED_LIMITS);
      checkKeys(name, 'deploy.resources.reservations', deploy.resources.reservations, SUPPORTED_LIMITS);
    }
  }
  checkKeys(name, 'healthcheck', service.healthcheck, SUPPORTED_HEALTHCHECK);
  for (const opt of (service.security_opt ?? []) as unknown[]) {
    // seccomp=<file> must be read and inlined; only the built-in profiles pass straight through.
    if (typeof opt === 'string' && /^seccomp[=:]/.test(opt) && !/^seccomp[=:](unconfined|builtin)$/.test(opt)) {
      throw unsupportedField(name, 'security_opt (seccomp profile file)');
    }
  }
}
