// Key order of compose objects when written, following the Compose specification's
// own struct order (the order docker compose and score-compose print), so generated
// files diff cleanly against theirs. Plain maps (services, environment, labels...)
// are written with sorted keys instead.

/** How an object's keys are ordered and how its children are treated. */
export interface ObjectShape {
  /** Declared field order; keys not listed follow, sorted. */
  order: readonly string[];
  /** Shapes of struct-typed fields. */
  fields?: Readonly<Record<string, ObjectShape | MapShape | ListShape>>;
}
/** A map whose values share one shape (e.g. services). */
export interface MapShape {
  mapOf: ObjectShape;
}
/** A list whose items share one shape (e.g. ports). */
export interface ListShape {
  listOf: ObjectShape;
}

const HEALTHCHECK: ObjectShape = {
  order: ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'],
};
const PORT: ObjectShape = {
  order: ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'],
};
const SERVICE_VOLUME: ObjectShape = {
  order: ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'],
  fields: {
    bind: { order: ['propagation', 'create_host_path', 'recursive', 'selinux'] },
    volume: { order: ['nocopy', 'subpath', 'labels'] },
    tmpfs: { order: ['size', 'mode'] },
  },
};
const DEPENDENCY: ObjectShape = { order: ['condition', 'restart', 'required'] };
const BUILD: ObjectShape = {
  order: [
    'context',
    'dockerfile',
    'dockerfile_inline',
    'entitlements',
    'args',
    'ssh',
    'labels',
    'cache_from',
    'cache_to',
    'no_cache',
    'additional_contexts',
    'network',
    'pull',
    'target',
    'shm_size',
    'extra_hosts',
    'isolation',
    'privileged',
    'secrets',
    'tags',
    'ulimits',
    'platforms',
  ],
};
const RESOURCE_SPEC: ObjectShape = { order: ['cpus', 'memory', 'pids', 'devices', 'generic_resources'] };
const DEPLOY: ObjectShape = {
  order: [
    'mode',
    'replicas',
    'labels',
    'update_config',
    'rollback_config',
    'resources',
    'restart_policy',
    'placement',
    'endpoint_mode',
  ],
  fields: {
    resources: { order: ['limits', 'reservations'], fields: { limits: RESOURCE_SPEC, reservations: RESOURCE_SPEC } },
  },
};

const SERVICE: ObjectShape = {
  order: [
    'profiles',
    'annotations',
    'attach',
    'build',
    'develop',
    'blkio_config',
    'cap_add',
    'cap_drop',
    'cgroup_parent',
    'cgroup',
    'cpu_count',
    'cpu_percent',
    'cpu_period',
    'cpu_quota',
    'cpu_rt_period',
    'cpu_rt_runtime',
    'cpus',
    'cpuset',
    'cpu_shares',
    'command',
    'configs',
    'container_name',
    'credential_spec',
    'depends_on',
    'deploy',
    'device_cgroup_rules',
    'devices',
    'dns',
    'dns_opt',
    'dns_search',
    'dockerfile',
    'domainname',
    'entrypoint',
    'provider',
    'environment',
    'env_file',
    'expose',
    'extends',
    'external_links',
    'extra_hosts',
    'group_add',
    'gpus',
    'hostname',
    'healthcheck',
    'image',
    'init',
    'ipc',
    'isolation',
    'labels',
    'label_file',
    'links',
    'logging',
    'log_driver',
    'log_opt',
    'mem_limit',
    'mem_reservation',
    'memswap_limit',
    'mem_swappiness',
    'mac_address',
    'models',
    'net',
    'network_mode',
    'networks',
    'oom_kill_disable',
    'oom_score_adj',
    'pid',
    'pids_limit',
    'platform',
    'ports',
    'privileged',
    'pull_policy',
    'read_only',
    'restart',
    'runtime',
    'scale',
    'secrets',
    'security_opt',
    'shm_size',
    'stdin_open',
    'stop_grace_period',
    'stop_signal',
    'storage_opt',
    'sysctls',
    'tmpfs',
    'tty',
    'ulimits',
    'use_api_socket',
    'user',
    'userns_mode',
    'uts',
    'volume_driver',
    'volumes',
    'volumes_from',
    'working_dir',
    'pre_start',
    'post_start',
    'pre_stop',
  ],
  fields: {
    build: BUILD,
    depends_on: { mapOf: DEPENDENCY },
    deploy: DEPLOY,
    healthcheck: HEALTHCHECK,
    ports: { listOf: PORT },
    volumes: { listOf: SERVICE_VOLUME },
  },
};

/** The shape of a whole compose file. */
export const PROJECT_SHAPE: ObjectShape = {
  order: ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'],
  fields: {
    services: { mapOf: SERVICE },
    volumes: { mapOf: { order: ['name', 'driver', 'driver_opts', 'external', 'labels'] } },
    networks: {
      mapOf: {
        order: ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels', 'enable_ipv6'],
      },
    },
  },
};

/** Fields whose `false` value compose writes anyway (everything else omits false). */
export const KEEP_FALSE = new Set(['required', 'create_host_path']);
/** Fields written even when empty (`bind: {}` is how compose prints a default bind). */
export const KEEP_EMPTY = new Set(['services', 'bind']);
