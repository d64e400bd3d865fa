import { cp, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject, type CliRun } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { shellWords } from '../helpers/shell-words.js';
import {
  expectCleanError,
  expectComposeAcceptsModels,
  FIXTURES,
  projectFiles,
  readState,
  type ExpectedError,
} from './acceptance-helpers.js';

const CORPUS = corpusDir();

// Every workload case of the corpus INDEX.md section A, run as the index (and cases.json) says,
// in a fresh directory named as the case expects. A successful case: each command exits 0,
// `init`/`generate` print nothing on stdout, and `docker compose config` accepts the output.
// A case documented to fail (INDEX.md D6): a clean error with the documented cause.
//
// Commands are written as shell lines. `$C/` is the corpus, `$F/` our fixtures: community
// provisioners and patch templates are Go templates, so the URLs the upstream Makefiles fetch are
// replaced by our Handlebars re-authorings (test/fixtures/community, test/fixtures/examples);
// files without any template action (microcks.tpl, ollama.tpl, 10-hpa, 10-env, patch-3.tpl,
// custom-dns) are used from the corpus as they are.

interface Command {
  /** A shell line without the leading `score-compose`. */
  line: string;
  stdin?: string;
  /** The command must fail like this (INDEX.md D6); the files must be left as they were. */
  fails?: ExpectedError;
}

interface Scenario {
  /** Label of the scenario within the case (when a case has several). */
  name?: string;
  commands: (string | Command)[];
  /** Extra checks once every command ran. */
  after?: (dir: string, runs: CliRun[]) => void | Promise<void>;
}

interface Case {
  id: string;
  /** The corpus folder copied into the project directory. */
  from: string;
  /** The project directory name; the base name of `from` when absent. */
  dir?: string;
  /** Single corpus files copied under another name: target → corpus path. */
  rename?: Record<string, string>;
  scenarios: Scenario[];
}

const F = (p: string) => join(FIXTURES, p);
const PROVISIONER = (name: string) => F(`community/provisioners/${name}.provisioners.yaml`);
const UNPRIVILEGED = F('community/patchers/unprivileged.tpl');

/** An id → commands table shared by the cases that only run `init --no-sample` and `generate`. */
const plain = (id: string, from: string, files = 'score.yaml', dir?: string): Case => ({
  id,
  from,
  ...(dir === undefined ? {} : { dir }),
  scenarios: [{ commands: ['init --no-sample', `generate ${files}`] }],
});

function composeOf(
  dir: string,
  output = 'compose.yaml',
): { services: Record<string, Record<string, unknown>>; [k: string]: unknown } {
  return parse(readFileSync(join(dir, output), 'utf8')) as { services: Record<string, Record<string, unknown>> };
}

const DNS_HOST_PORT = /^dns[a-z0-9]{6}\.localhost:8080\n$/;

const CASES: Case[] = [
  plain('SC-01', 'score-compose/examples/01-hello'),
  plain('SC-02', 'score-compose/examples/02-environment'),
  plain('SC-03', 'score-compose/examples/03-files'),
  {
    id: 'SC-04',
    from: 'score-compose/examples/04-multiple-workloads',
    scenarios: [{ commands: ['init --no-sample', 'generate score.yaml', 'generate score2.yaml'] }],
  },
  plain('SC-05', 'score-compose/examples/05-volume-mounts'),
  {
    id: 'SC-06',
    from: 'score-compose/examples/06-resource-provisioning',
    scenarios: [
      {
        commands: [
          'init --no-sample',
          'generate score.yaml',
          'generate score2.yaml',
          'generate --publish 6379:redis#main-cache.host:6379',
          'resources list',
        ],
        after: (dir, runs) => {
          const redis = Object.keys(composeOf(dir).services).filter((s) => /^redis-[A-Za-z0-9]{6}$/.test(s));
          expect(redis, 'one redis service for the shared main-cache, one for cache-c').toHaveLength(2);
          expect(runs.at(-1)!.stdout).toContain('redis.default#main-cache');
          expect(runs.at(-1)!.stdout).toContain('redis.default#workload-two.cache-c');
        },
      },
    ],
  },
  // Passed as one argument with the quotes, as the reference's Go test does: the value is the string "true".
  {
    id: 'SC-07',
    from: 'score-compose/examples/07-overrides',
    scenarios: [
      {
        commands: [
          'init --no-sample',
          `generate score.yaml --override-property 'containers.web.variables.DEBUG="true"'`,
        ],
      },
    ],
  },
  {
    id: 'SC-08',
    from: 'score-compose/examples/08-service-port-resource',
    scenarios: [
      {
        commands: [
          'init --no-sample',
          'generate scoreA.yaml',
          'generate scoreB.yaml',
          'generate --publish 8080:workload-a:80',
        ],
      },
    ],
  },
  plain('SC-09', 'score-compose/examples/09-dns-and-route'),
  plain('SC-10', 'score-compose/examples/10-amqp-rabbitmq'),
  plain('SC-11', 'score-compose/examples/11-mongodb-document-database'),
  plain('SC-12', 'score-compose/examples/12-mysql-database'),
  plain('SC-13', 'score-compose/examples/13-kafka-topic'),
  plain('SC-14', 'score-compose/examples/14-elasticsearch'),
  plain('SC-15', 'score-compose/examples/15-mssql-database'),
  {
    id: 'SC-16',
    from: 'score-compose/examples/16-patching-templates',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates $F/examples/16-patching-templates/patch-1.tpl --patch-templates $F/examples/16-patching-templates/patch-2.tpl --patch-templates patch-3.tpl`,
          'generate score.yaml',
        ],
        after: (dir) => {
          const { services } = composeOf(dir);
          expect(services['hello-world-hello']).toMatchObject({
            read_only: true,
            ports: [{ target: 9999, published: '9999' }],
          });
          // patch-2 matches an image name the default amqp provisioner no longer uses: a no-op.
          const rabbit = Object.entries(services).filter(([, s]) => String(s['image']).includes('rabbitmq'));
          expect(rabbit.length).toBeGreaterThan(0);
          for (const [, s] of rabbit) expect(JSON.stringify(s['ports'] ?? [])).not.toContain('15672');
          for (const [name, s] of Object.entries(services))
            if (name !== 'hello-world-hello') expect(s['read_only'], name).toBeUndefined();
        },
      },
    ],
  },
  {
    id: 'SC-INIT',
    from: 'score-compose/internal/command',
    dir: 'sc-init',
    // Kept under another name: `init` must write its own sample as score.yaml.
    rename: { 'reference-sample.score.yaml': 'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml' },
    scenarios: [
      {
        commands: ['init', 'generate score.yaml'],
        after: (dir) => {
          expect(Object.keys(readState(dir).resources).sort()).toEqual([
            'dns.default#hello-world.dns',
            'postgres.default#hello-world.db',
            'route.default#hello-world.route',
          ]);
          // The sample init wrote has the workload, resources and port of the reference's sample.
          const ours = parse(readFileSync(join(dir, 'score.yaml'), 'utf8')) as Record<string, unknown>;
          const theirs = parse(readFileSync(join(dir, 'reference-sample.score.yaml'), 'utf8')) as Record<
            string,
            unknown
          >;
          expect(ours['metadata']).toMatchObject({ name: 'hello-world' });
          expect(Object.keys(ours['resources'] as object).sort()).toEqual(
            Object.keys(theirs['resources'] as object).sort(),
          );
          expect(ours['service']).toEqual(theirs['service']);
        },
      },
    ],
  },
  ...['annotations', 'command', 'files', 'limits-and-requests', 'probes', 'service', 'variables', 'volumes'].map((x) =>
    plain(`EX-spec-${x}`, `examples/specification/${x}`),
  ),
  ...['amqp', 'dns', 'mysql', 'postgres', 'redis'].map((x) => plain(`EX-res-${x}`, `examples/resources/${x}`)),
  {
    id: 'EX-onlineboutique',
    from: 'examples/samples/onlineboutique',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --patch-templates ${UNPRIVILEGED}`,
          'generate ad/score.yaml cart/score.yaml currency/score.yaml email/score.yaml payment/score.yaml productcatalog/score.yaml recommendation/score.yaml shipping/score.yaml checkout/score.yaml',
          `generate frontend/score.yaml --override-property containers.frontend.variables.FRONTEND_MESSAGE="Hello, Score Compose!"`,
          'generate loadgenerator/score.yaml',
          `resources get-outputs dns.default#frontend.dns --format '{{ host }}:8080'`,
        ],
        after: (dir, runs) => {
          expect(runs.at(-1)!.stdout).toMatch(DNS_HOST_PORT);
          const { services } = composeOf(dir);
          expect(
            Object.keys(services).filter((s) => /-[a-z]+$/.test(s) && services[s]!['annotations'] !== undefined),
          ).toHaveLength(11);
          expect(services['frontend-frontend']).toMatchObject({ read_only: true, user: '65532', cap_drop: ['ALL'] });
          expect((services['frontend-frontend']!['environment'] as Record<string, string>)['FRONTEND_MESSAGE']).toBe(
            'Hello, Score Compose!',
          );
        },
      },
    ],
  },
  {
    id: 'EX-aks-store',
    from: 'examples/samples/aks-store-demo',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')}`,
          'generate order/score.yaml product/score.yaml store-front/score.yaml store-admin/score.yaml makeline/score.yaml',
        ],
        after: (dir) => {
          const uids = Object.keys(readState(dir).resources);
          expect(uids.filter((u) => u.startsWith('amqp.'))).toEqual(['amqp.default#orders-queue']);
        },
      },
    ],
  },
  {
    id: 'EX-aks-store-ai',
    from: 'examples/samples/aks-store-demo',
    scenarios: [
      {
        name: 'as documented (product-ai/score.yaml does not exist)',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-dmr-llm-model')}`,
          {
            line: 'generate order/score.yaml ai/score.yaml product-ai/score.yaml store-front/score.yaml store-admin/score.yaml makeline/score.yaml',
            fails: {
              code: 1,
              prefix: "failed to read 'product-ai/score.yaml': ",
              contains: ['no such file or directory'],
            },
          },
        ],
      },
      {
        name: 'with the file that exists (product/score-ai.yaml)',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-dmr-llm-model')}`,
          'generate order/score.yaml ai/score.yaml product/score-ai.yaml store-front/score.yaml store-admin/score.yaml makeline/score.yaml',
        ],
        after: (dir) => void expect(Object.keys((composeOf(dir)['models'] ?? {}) as object).length).toBeGreaterThan(0),
      },
    ],
  },
  {
    id: 'EX-traderx',
    from: 'examples/samples/traderx',
    scenarios: [
      {
        name: 'Makefile as written (no endpoint provisioner)',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')}`,
          {
            line: 'generate account-service/score.yaml database/score.yaml people-service/score.yaml position-service/score.yaml reference-data/score.yaml trade-feed/score.yaml trade-processor/score.yaml trade-service/score.yaml web-frontend/score.yaml',
            fails: {
              code: 1,
              equals:
                "failed to provision: resource 'endpoint.default#trade-service.account-service' is not supported by any provisioner",
            },
          },
        ],
      },
      {
        // INDEX.md says this works, but trade-service reads `${resources.<endpoint>.name}` and the
        // community endpoint provisioner only outputs `url`: the reference fails the same way.
        name: 'with the endpoint provisioner and microcks.tpl (trade-service needs a name output)',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-endpoint-with-microcks')} --patch-templates $C/community-patchers/score-compose/microcks.tpl`,
          {
            line: 'generate account-service/score.yaml database/score.yaml people-service/score.yaml position-service/score.yaml reference-data/score.yaml trade-feed/score.yaml trade-processor/score.yaml trade-service/score.yaml web-frontend/score.yaml',
            fails: {
              code: 1,
              prefix:
                "failed to convert workload 'trade-service' to Docker compose: containers.trade-service.variables.",
              suffix: "-service.name': key 'name' not found",
            },
          },
        ],
      },
      {
        // ingress refers to trade-service (a `service` resource), so it cannot be generated either.
        name: 'the workloads other than trade-service and ingress, with endpoint mocks',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-endpoint-with-microcks')} --patch-templates $C/community-patchers/score-compose/microcks.tpl`,
          'generate account-service/score.yaml database/score.yaml people-service/score.yaml position-service/score.yaml reference-data/score.yaml trade-feed/score.yaml trade-processor/score.yaml web-frontend/score.yaml',
        ],
        after: (dir) => void expect(Object.keys(readState(dir).workloads)).toHaveLength(8),
      },
    ],
  },
  ...[
    ['CP-dapr-pubsub', 'dapr-pubsub', '10-redis-dapr-pubsub'],
    ['CP-dapr-state-store', 'dapr-state-store', '10-redis-dapr-state-store'],
    ['CP-dapr-subscription', 'dapr-subscription', '10-dapr-subscription'],
    ['CP-gcp-pubsub', 'gcp-pubsub-emulator', '10-gcp-pubsub-emulator'],
  ].map(([id, type, file]): Case => ({
    id: id!,
    from: `community-provisioners/${type}`,
    scenarios: [{ commands: [`init --no-sample --provisioners ${PROVISIONER(file!)}`, 'generate score.yaml'] }],
  })),
  {
    id: 'CP-dns',
    from: 'community-provisioners/dns',
    scenarios: [
      {
        name: 'with 10-dns-with-url',
        commands: [`init --no-sample --provisioners ${PROVISIONER('10-dns-with-url')}`, 'generate score.yaml'],
        after: (dir) =>
          void expect(readState(dir).resources['dns.default#my-workload.dns']?.outputs?.['url']).toMatch(
            /^http:\/\/dns[a-z0-9]{6}\.localhost:8080$/,
          ),
      },
      {
        // D6 says the reference's default dns fails here (no `url` output). Ours outputs `url`
        // (docs/default-provisioners.md), so the case works with the defaults alone.
        name: 'with the default dns provisioner, which also outputs url',
        commands: ['init --no-sample', 'generate score.yaml'],
      },
      {
        name: 'with a dns provisioner without url (D6)',
        commands: [
          `init --no-sample --provisioners $C/score-labspace/labspace/custom-dns.provisioners.yaml`,
          {
            line: 'generate score.yaml',
            fails: { code: 1, contains: ["invalid ref 'resources.dns.url': key 'url' not found"] },
          },
        ],
      },
    ],
  },
  {
    id: 'CP-endpoint',
    from: 'community-provisioners/endpoint',
    scenarios: [
      {
        // The mock depends on the `microcks` service that only the community microcks.tpl defines.
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-endpoint-with-microcks')} --patch-templates $C/community-patchers/score-compose/microcks.tpl`,
          'generate score.yaml',
        ],
        after: (dir) => {
          const { services } = composeOf(dir);
          expect((services['backend-mock']!['entrypoint'] as string[]).slice(0, 3)).toEqual([
            'microcks',
            'import',
            './backend-openapi.yaml:true',
          ]);
          expect(services['microcks']).toBeDefined();
          expect((services['frontend-frontend']!['environment'] as Record<string, string>)['SERVICE_DEP']).toBe(
            'http://localhost:9090/rest/Order+Service+API/0.1.0/orders',
          );
        },
      },
    ],
  },
  {
    id: 'CP-environment',
    from: 'community-provisioners/environment',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners $C/community-provisioners/environment/score-compose/10-env.provisioners.yaml`,
          'generate score.yaml',
        ],
        after: async (dir) => {
          expect(await readFile(join(dir, '.score-compose/mounts/files/my-workload-files-file.txt'), 'utf8')).toBe(
            'testtest in file.\n',
          );
          expect(
            (composeOf(dir).services['my-workload-my-container']!['environment'] as Record<string, string>)['TEST'],
          ).toBe('testtest');
        },
      },
    ],
  },
  {
    id: 'CP-hpa',
    from: 'community-provisioners/horizontal-pod-autoscaler',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners $C/community-provisioners/horizontal-pod-autoscaler/score-compose/10-hpa.provisioners.yaml`,
          'generate score.yaml',
        ],
      },
    ],
  },
  {
    id: 'CP-llm-model',
    from: 'community-provisioners/llm-model',
    scenarios: [
      ...['10-dmr-llm-model', '10-dmr-llm-model-for-openai-clients'].map((file) => ({
        name: file,
        commands: [`init --no-sample --provisioners ${PROVISIONER(file)}`, 'generate score.yaml'],
        after: (dir: string) => {
          const compose = composeOf(dir);
          expect(compose['models']).toEqual({
            'my-workload.model': { model: 'ai/smollm2:135M-Q4_0', context_size: 2048 },
          });
          expect(compose.services['my-workload-my-container']!['models']).toBeDefined();
        },
      })),
      {
        name: '10-dmr-llm-model-via-curl-service',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-dmr-llm-model-via-curl-service')}`,
          'generate score.yaml',
        ],
      },
      {
        name: '10-dmr-llm-model-via-service-provider',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-dmr-llm-model-via-service-provider')}`,
          'generate score.yaml',
        ],
      },
      {
        // The puller depends on the `ollama` service and volume that only ollama.tpl defines.
        name: '10-ollama-llm-model-service (+ ollama.tpl)',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-ollama-llm-model-service')} --patch-templates $C/community-patchers/score-compose/ollama.tpl`,
          'generate score.yaml',
        ],
      },
    ],
  },
  plain('CP-redis', 'community-provisioners/redis'),
  plain('CP-route', 'community-provisioners/route'),
  {
    id: 'CP-service',
    from: 'community-provisioners/service',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')}`,
          'generate score-backend.yaml score-frontend.yaml',
        ],
      },
    ],
  },
  {
    id: 'AW-angular',
    from: 'awesome-score-spec-examples/examples/angular',
    scenarios: [
      {
        name: 'default',
        commands: [
          'init --no-sample',
          `generate score/score.yaml --build 'web={"context":"app","tags":["angular-demo:test"]}'`,
        ],
      },
      {
        name: 'DNS_ENABLED',
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-dns-with-url')}`,
          `generate score/score.yaml --build 'web={"context":"app","tags":["angular-demo:test"]}'`,
        ],
      },
      {
        name: 'COMPOSE_PUBLISH (D6: the Makefile names the workload angular-demo)',
        commands: [
          'init --no-sample',
          {
            line: `generate score/score.yaml --build 'web={"context":"app","tags":["angular-demo:test"]}' --publish 4200:angular-demo:4200`,
            fails: { code: 1, equals: "--publish[0] failed to find a workload named 'angular-demo'" },
          },
        ],
      },
    ],
  },
  {
    id: 'AW-aspnet-mssql',
    from: 'awesome-score-spec-examples/examples/aspnet-mssql-example',
    scenarios: [
      {
        commands: [
          'init --no-sample',
          `generate score/score.yaml --build 'aspnet={"context":"apps/aspnetapp","tags":["aspnetapp:test"]}' --publish 80:aspnet:80`,
        ],
      },
    ],
  },
  {
    id: 'AW-elk',
    from: 'awesome-score-spec-examples/examples/elasticsearch-logstash-kibana-example',
    scenarios: [
      {
        commands: [
          'init --no-sample',
          {
            line: 'generate score/score.yaml --publish 9200:elk-stack:9200 --publish 5601:elk-stack:5601',
            fails: {
              code: 1,
              equals:
                "failed to convert workload 'elk-stack' to Docker compose: containers.logstash.files[/usr/share/logstash/pipeline/logstash-nginx.config].source: must be a relative path within the Score file's directory",
            },
          },
        ],
      },
    ],
  },
  {
    id: 'AW-wordpress',
    from: 'awesome-score-spec-examples/examples/wordpress-mysql',
    scenarios: [
      {
        commands: ['init --no-sample', 'generate score/score.yaml --publish 80:wordpress:80'],
        after: (dir) => void expect(Object.keys(readState(dir).resources)).toContain('mysql.wp#wordpress.db'),
      },
    ],
  },
  {
    id: 'SSA-sample-score-app',
    from: 'sample-score-app',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED}`,
          `generate score.yaml --build 'hello-world={"context":".","tags":["hello-world:test"]}' --override-property containers.hello-world.variables.MESSAGE="Hello, Compose!"`,
          `resources get-outputs dns.default#hello-world.dns --format '{{ host }}:8080'`,
        ],
        after: (_dir, runs) => void expect(runs.at(-1)!.stdout).toMatch(DNS_HOST_PORT),
      },
    ],
  },
  {
    id: 'LAB-labspace',
    from: 'score-labspace/labspace',
    dir: 'labspace',
    rename: {
      'score.yaml': 'score-labspace/labspace/02-score-spec.score.yaml',
      'minimal.score.yaml': 'score-labspace/labspace/02-score-spec.minimal.score.yaml',
    },
    scenarios: [
      {
        name: 'init, generate, overrides, patch template from stdin',
        commands: [
          'init',
          'generate score.yaml --image scorespec/sample-score-app:latest',
          'provisioners list',
          `generate score.yaml --image scorespec/sample-score-app:latest --override-property containers.hello-world.variables.MESSAGE="Hello, Compose!"`,
          { line: 'init --patch-templates -', stdin: readFileSync(UNPRIVILEGED, 'utf8') },
          'generate',
          'generate minimal.score.yaml --image busybox',
        ],
        after: (dir) => {
          const { services } = composeOf(dir);
          expect(services['hello-world-hello-world']).toMatchObject({
            image: 'scorespec/sample-score-app:latest',
            read_only: true,
            user: '65532',
          });
          expect((services['hello-world-hello-world']!['environment'] as Record<string, string>)['MESSAGE']).toBe(
            'Hello, Compose!',
          );
          expect(services['my-workload-my-container']).toMatchObject({ image: 'busybox', read_only: true });
        },
      },
      {
        name: 'without default provisioners (quoted errors)',
        commands: [
          'init --no-default-provisioners',
          {
            line: 'generate score.yaml --image scorespec/sample-score-app:latest',
            fails: {
              code: 1,
              equals: "failed to provision: resource 'dns.default#hello-world.dns' is not supported by any provisioner",
            },
          },
          {
            line: 'init --no-default-provisioners --provisioners=-',
            stdin: readFileSync(join(CORPUS, 'score-labspace/labspace/custom-dns.provisioners.yaml'), 'utf8'),
          },
          {
            line: 'generate score.yaml --image scorespec/sample-score-app:latest',
            fails: {
              code: 1,
              equals:
                "failed to provision: resource 'postgres.default#hello-world.db' is not supported by any provisioner",
            },
          },
        ],
      },
      {
        name: 'custom dns before the defaults (quoted resources list)',
        commands: [
          {
            line: 'init --provisioners=-',
            stdin: readFileSync(join(CORPUS, 'score-labspace/labspace/custom-dns.provisioners.yaml'), 'utf8'),
          },
          'generate score.yaml --image scorespec/sample-score-app:latest',
          'resources list',
        ],
        after: (_dir, runs) => {
          expect(runs.at(-1)!.stdout).toBe(
            [
              '+---------------------------------+------------------------------------------------+',
              '|               UID               |                    OUTPUTS                     |',
              '+---------------------------------+------------------------------------------------+',
              '| dns.default#hello-world.dns     | host                                           |',
              '+---------------------------------+------------------------------------------------+',
              '| postgres.default#hello-world.db | database, host, name, password, port, username |',
              '+---------------------------------+------------------------------------------------+',
              '| route.default#hello-world.route |                                                |',
              '+---------------------------------+------------------------------------------------+',
              '',
            ].join('\n'),
          );
        },
      },
    ],
  },
  {
    id: 'SPEC-readme',
    from: 'spec',
    dir: 'spec-readme',
    rename: { 'score.yaml': 'spec/README.sample.score.yaml' },
    scenarios: [{ commands: ['init --no-sample', 'generate score.yaml'] }],
  },
  ...[
    ['SPEC-full', 'spec/samples', 'score-full.yaml'],
    ['SCOREGO-full', 'score-go/schema/files/samples', 'score-full.yaml'],
  ].map(([id, from, file]): Case => ({
    id: id!,
    from: from!,
    scenarios: [
      {
        name: 'as is: image . without --image (D6)',
        commands: [
          'init --no-sample',
          {
            line: `generate ${file}`,
            fails: {
              code: 1,
              equals:
                "failed to convert 'example-workload-name123' because container 'container-two2' has no image and neither --image nor --build was provided",
            },
          },
        ],
      },
      {
        name: 'with --image: unknown resource types (D6)',
        commands: [
          'init --no-sample',
          {
            line: `generate ${file} --image busybox`,
            fails: { code: 1, prefix: 'failed to provision: resource ', suffix: 'is not supported by any provisioner' },
          },
        ],
      },
    ],
  })),
  {
    id: 'SPEC-deprecated',
    from: 'spec/samples',
    scenarios: [
      {
        // `source: some-volume` names a volume nobody declares: compose would reject the output, so we
        // reject it at generate time (README "Differences": a plain volume source compose would reject).
        commands: [
          'init --no-sample',
          { line: 'generate score-deprecated-files-and-volumes.yaml', fails: { code: 1, contains: ['some-volume'] } },
        ],
      },
    ],
  },
  {
    id: 'XR-demo-app',
    from: 'extra-real-world/astromechza-demo-app',
    scenarios: [{ commands: ['init', 'generate score.yaml --image ghcr.io/astromechza/demo-app:latest'] }],
  },
  {
    id: 'XR-dapr',
    from: 'extra-real-world/dapr-score-humanitec',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-redis-dapr-state-store')} --patch-templates ${F('community/patchers/dapr.tpl')}`,
          'generate score-node.yaml',
          'generate score-python.yaml',
        ],
        after: (dir) => {
          const { services } = composeOf(dir);
          const sidecars = Object.keys(services).filter((s) => s.endsWith('-sidecar'));
          expect(sidecars.length).toBeGreaterThan(0);
          for (const s of sidecars)
            expect(services[s]!['network_mode']).toBe(`service:${s.slice(0, -'-sidecar'.length)}`);
          expect(services['placement']).toBeDefined();
        },
      },
    ],
  },
  {
    id: 'XR-backstage-monolith',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED} --provisioners ${PROVISIONER('10-dns-with-url')}`,
          `generate score.yaml --build 'backstage={"context":"."}' --override-property containers.backstage.variables.APP_CONFIG_app_title="Hello, Compose!"`,
        ],
      },
    ],
  },
  {
    id: 'XR-backstage-split',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED} --provisioners ${PROVISIONER('10-service')} --provisioners ${PROVISIONER('10-dns-with-url')}`,
          `generate score-backend.yaml --build 'backend={"context":"."}'`,
          `generate score-frontend.yaml --build 'frontend={"context":".","dockerfile":"Dockerfile.frontend"}'`,
        ],
        after: (dir) =>
          void expect(Object.keys(readState(dir).resources).filter((u) => u.startsWith('dns.'))).toEqual([
            'dns.default#dns',
          ]),
      },
    ],
  },
  {
    id: 'XR-backstage-light',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      {
        name: 'monolith',
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED}`,
          `generate score.light.yaml --build 'backstage={"context":"."}' --override-property containers.backstage.variables.APP_CONFIG_app_title="Hello, Compose!" --publish 7007:backstage:7007`,
        ],
      },
      {
        name: 'split',
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED} --provisioners ${PROVISIONER('10-service')}`,
          `generate score-backend.light.yaml --build 'backend={"context":"."}'`,
          `generate score-frontend.light.yaml --build 'frontend={"context":".","dockerfile":"Dockerfile.frontend"}' --publish 7007:backend:7007 --publish 3000:frontend:8080`,
        ],
      },
    ],
  },
  {
    id: 'XR-nginx',
    from: 'extra-real-world/nginx-score-demo',
    scenarios: [
      {
        commands: [
          `init --no-sample --provisioners $C/community-provisioners/horizontal-pod-autoscaler/score-compose/10-hpa.provisioners.yaml --patch-templates ${UNPRIVILEGED}`,
          `generate score.yaml --build 'webapp={"context":"."}'`,
        ],
      },
    ],
  },
  {
    id: 'XR-sail-sharp',
    from: 'extra-real-world/sail-sharp',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates ${UNPRIVILEGED}`,
          `generate score/score.yaml --build 'my-sample-container={"context":"app/"}' --override-property containers.my-sample-container.variables.MESSAGE="Hello, Compose!"`,
        ],
      },
    ],
  },
  {
    id: 'XR-sail-sharp-variants',
    from: 'extra-real-world/sail-sharp',
    scenarios: [
      'score-with-shared-values.yaml',
      'score-with-file-content-in-shared-values.yaml',
      'score-with-file-source.yaml',
    ].map((file) => ({
      name: file,
      commands: [
        'init --no-sample',
        {
          line: `generate score/${file}`,
          fails: {
            code: 1,
            prefix: "validation errors in workload 'my-sample-workload'",
            contains: ['placeholder ${pod.metadata.name} has unsupported first element of "pod"'],
          },
        },
      ],
    })),
  },
  plain('XR-sample-app-gif', 'extra-real-world/sample-app-gif'),
  {
    id: 'XR-genai-hello',
    from: 'extra-real-world/sample-score-genai-app/hello-genai-in-go',
    scenarios: [
      {
        commands: [
          `init --no-sample --no-default-provisioners --patch-templates ${UNPRIVILEGED} --provisioners ${PROVISIONER('10-dmr-llm-model-via-service-provider')}`,
          `generate score.yaml --build 'hello-genai={"context":"."}' --publish 8080:hello-genai:8080`,
        ],
      },
    ],
  },
  {
    id: 'XR-genai-openwebui',
    from: 'extra-real-world/sample-score-genai-app/open-webui',
    scenarios: [
      ...['score-dmr.yaml', 'score-dmr-ro.yaml'].map((file) => ({
        name: file,
        commands: [
          `init --no-sample --provisioners ${PROVISIONER('10-dmr-llm-model-via-service-provider')}`,
          `generate ${file} --image ghcr.io/open-webui/open-webui:latest-slim --publish 8080:open-webui:8080`,
        ],
      })),
      ...['score-ollama.yaml', 'score-ollama-ro.yaml'].map((file) => ({
        name: file,
        commands: [
          `init --no-sample --patch-templates $C/community-patchers/score-compose/ollama.tpl --provisioners ${PROVISIONER('10-ollama-llm-model-service')}`,
          `generate ${file} --image ghcr.io/open-webui/open-webui:latest-slim --publish 8080:open-webui:8080`,
        ],
      })),
    ],
  },
  {
    id: 'XR-microcks',
    from: 'extra-real-world/score-microcks',
    scenarios: [
      {
        commands: [
          `init --no-sample --patch-templates $C/community-patchers/score-compose/microcks.tpl --provisioners ${PROVISIONER('10-endpoint-with-microcks')}`,
          'generate score-frontend.yaml',
        ],
        after: (dir) => {
          const { services } = composeOf(dir);
          expect(services['backend-mock']).toMatchObject({
            volumes: [{ type: 'bind', source: './resources', target: '/resources', read_only: true }],
          });
          expect(services['microcks']).toBeDefined();
        },
      },
    ],
  },
];

function argvOf(line: string): string[] {
  return shellWords(line).map((w) => w.replace(/^\$C\//, `${CORPUS}/`).replace(/^\$F\//, `${FIXTURES}/`));
}

function outputOf(argv: string[]): string {
  const i = argv.findIndex((a) => a === '-o' || a === '--output');
  return i >= 0 ? (argv[i + 1] ?? 'compose.yaml') : 'compose.yaml';
}

async function runScenario(c: Case, s: Scenario): Promise<void> {
  const dir = await tempProject(c.dir ?? basename(c.from));
  if (c.rename) {
    for (const [target, source] of Object.entries(c.rename)) await cp(join(CORPUS, source), join(dir, target));
  } else {
    await cp(join(CORPUS, c.from), dir, { recursive: true });
  }
  const runs: CliRun[] = [];
  let generated: string | undefined;
  for (const command of s.commands) {
    const { line, stdin, fails } = typeof command === 'string' ? ({ line: command } as Command) : command;
    const argv = argvOf(line);
    const before = fails ? JSON.stringify(projectFiles(dir, outputOf(argv))) : '';
    const run = await runIn(dir, argv, stdin === undefined ? {} : { stdin });
    runs.push(run);
    const label = `${c.id}${s.name ? ` (${s.name})` : ''}: score-compose ${line}`;
    if (fails) {
      expectCleanError(run, fails, label);
      expect(JSON.stringify(projectFiles(dir, outputOf(argv))), `${label}: a failed run changed files`).toBe(before);
      continue;
    }
    expect(run.code, `${label}\n${run.stderr}`).toBe(0);
    if (argv[0] === 'init' || argv[0] === 'generate') expect(run.stdout, label).toBe('');
    if (argv[0] === 'generate') generated = outputOf(argv);
  }
  if (generated !== undefined) await expectComposeAcceptsModels(join(dir, generated), dir);
  await s.after?.(dir, runs);
}

describe('real-world cases of INDEX.md section A', () => {
  it('covers every case of cases.json', () => {
    const ids = (JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { id: string }[]).map((c) => c.id);
    expect(CASES.map((c) => c.id).sort()).toEqual([...ids].sort());
  });
  it('copies every file a case lists', () => {
    const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { id: string; files: string[] }[];
    for (const c of cases) {
      const ours = CASES.find((x) => x.id === c.id)!;
      const sources = ours.rename ? Object.values(ours.rename) : [];
      for (const file of c.files) {
        expect(file.startsWith(`${ours.from}/`) || sources.includes(file), `${c.id}: ${file} not copied`).toBe(true);
      }
    }
  });
  for (const c of CASES) {
    describe(c.id, () => {
      for (const s of c.scenarios) {
        it(s.name ?? 'generates a compose file docker compose accepts', () => runScenario(c, s), 120_000);
      }
    });
  }
});
