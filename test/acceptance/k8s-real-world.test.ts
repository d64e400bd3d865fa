// The real-world Score files of the corpus (INDEX.md section A, the cases real-world.test.ts runs
// through score-compose) through score-k8s with our default provisioners (provisioners-k8s/):
// `init --no-sample`, then `generate` as the case's score-compose commands do it, with what has no
// score-k8s meaning left out (--build becomes --image <name>:test, there is no --publish, and
// compose patch templates patch compose services). Every manifest must be valid for Kubernetes
// 1.33 (test/helpers/k8s-manifests.ts) and keep the generated secrets in Secrets; a second
// `generate` must give the same file, and `--namespace --generate-namespace` valid manifests too.
//
// A case whose files use a resource type no default score-k8s provisioner has (service,
// environment, elasticsearch, endpoint, llm-model, horizontal-pod-autoscaler, the dapr and
// gcp-pubsub types: their provisioners are community ones) is run as documented and must fail with
// "not supported by any provisioner"; its other workloads are generated on their own where there
// are any. So must a workload reading `resources.<dns>.url`: score-k8s's dns outputs `host` only
// (compose ran those cases with the community dns-with-url provisioner). The cases score-compose
// rejects fail here too, as the comments say.
import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runK8sIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { k8sProjectProblems, k8sStateSecrets, readManifests } from '../helpers/k8s-manifests.js';
import { shellWords } from '../helpers/shell-words.js';
import { expectCleanError, type ExpectedError } from './acceptance-helpers.js';

const CORPUS = corpusDir();

interface Scenario {
  /** Label of the scenario within the case (when a case has several). */
  name?: string;
  /** `init` flags after `init` (default `--no-sample`). */
  init?: string;
  /** The `generate` lines (without `score-k8s generate`), run in order. */
  generate: string[];
  /** The last generate must fail like this; the manifests and the state are left as they were. */
  fails?: ExpectedError;
  /** Kinds of object the final manifests must hold. */
  kinds?: string[];
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

/** "resource '<type>.<class>#<id>' is not supported by any provisioner", the id's workload part left open. */
const unsupported = (type: string): ExpectedError => ({
  code: 1,
  prefix: `failed to provision: resource '${type}.`,
  suffix: "' is not supported by any provisioner",
});

/** The default dns provisioner of score-k8s outputs `host` only (as the reference's does). */
const NO_DNS_URL: ExpectedError = { code: 1, contains: ["invalid ref 'resources.dns.url': key 'url' not found"] };

const plain = (id: string, from: string, kinds?: string[]): Case => ({
  id,
  from,
  scenarios: [{ generate: ['score.yaml'], ...(kinds ? { kinds } : {}) }],
});

const fails = (id: string, from: string, type: string, generate = 'score.yaml'): Case => ({
  id,
  from,
  scenarios: [{ name: `${type} has no score-k8s default provisioner`, generate: [generate], fails: unsupported(type) }],
});

const BOUTIQUE = ['ad', 'cart', 'currency', 'email', 'payment', 'productcatalog', 'recommendation', 'shipping'];
const TRADERX = [
  'account-service',
  'database',
  'people-service',
  'position-service',
  'reference-data',
  'trade-feed',
  'trade-processor',
  'trade-service',
  'web-frontend',
];
const files = (names: string[]) => names.map((n) => `${n}/score.yaml`).join(' ');

const CASES: Case[] = [
  plain('SC-01', 'score-compose/examples/01-hello', ['Deployment']),
  fails('SC-02', 'score-compose/examples/02-environment', 'environment'),
  plain('SC-03', 'score-compose/examples/03-files', ['ConfigMap']),
  {
    id: 'SC-04',
    from: 'score-compose/examples/04-multiple-workloads',
    scenarios: [{ generate: ['score.yaml', 'score2.yaml'] }],
  },
  // The default volume provisioner outputs an emptyDir source: no object of its own.
  plain('SC-05', 'score-compose/examples/05-volume-mounts'),
  {
    // Without compose's --publish of the redis port.
    id: 'SC-06',
    from: 'score-compose/examples/06-resource-provisioning',
    scenarios: [{ generate: ['score.yaml', 'score2.yaml'], kinds: ['StatefulSet', 'Secret'] }],
  },
  {
    id: 'SC-07',
    from: 'score-compose/examples/07-overrides',
    scenarios: [{ generate: [`score.yaml --override-property 'containers.web.variables.DEBUG="true"'`] }],
  },
  {
    id: 'SC-08',
    from: 'score-compose/examples/08-service-port-resource',
    scenarios: [{ generate: ['scoreA.yaml', 'scoreB.yaml'], kinds: ['Service'] }],
  },
  plain('SC-09', 'score-compose/examples/09-dns-and-route', ['HTTPRoute']),
  plain('SC-10', 'score-compose/examples/10-amqp-rabbitmq'),
  plain('SC-11', 'score-compose/examples/11-mongodb-document-database'),
  plain('SC-12', 'score-compose/examples/12-mysql-database'),
  plain('SC-13', 'score-compose/examples/13-kafka-topic'),
  fails('SC-14', 'score-compose/examples/14-elasticsearch', 'elasticsearch'),
  plain('SC-15', 'score-compose/examples/15-mssql-database'),
  // The case's patch templates patch compose services (compose-only): the Score file alone.
  plain('SC-16', 'score-compose/examples/16-patching-templates'),
  {
    id: 'SC-INIT',
    from: 'score-compose/internal/command',
    dir: 'sc-init',
    rename: { 'reference-sample.score.yaml': 'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml' },
    scenarios: [
      { name: "score-k8s's own sample", init: '', generate: ['score.yaml'] },
      { name: "score-compose's sample", generate: ['reference-sample.score.yaml'], kinds: ['HTTPRoute', 'Secret'] },
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
        name: 'as documented: workloads reach each other through `service` resources',
        generate: [`${files([...BOUTIQUE, 'checkout', 'frontend', 'loadgenerator'])}`],
        fails: unsupported('service'),
      },
      {
        name: 'the workloads without a service resource',
        generate: [files(BOUTIQUE.filter((n) => n !== 'recommendation'))],
        kinds: ['Deployment', 'Service', 'StatefulSet'],
      },
    ],
  },
  {
    id: 'EX-aks-store',
    from: 'examples/samples/aks-store-demo',
    scenarios: [
      {
        name: 'as documented: the store front and admin use `service` resources',
        generate: [files(['order', 'product', 'store-front', 'store-admin', 'makeline'])],
        fails: unsupported('service'),
      },
      {
        name: 'order, product and makeline (amqp shared by id, mongodb)',
        generate: [files(['order', 'product', 'makeline'])],
      },
    ],
  },
  {
    id: 'EX-aks-store-ai',
    from: 'examples/samples/aks-store-demo',
    scenarios: [
      {
        name: 'ai uses an llm-model resource',
        generate: ['ai/score.yaml'],
        fails: unsupported('llm-model'),
      },
      {
        name: 'product/score-ai.yaml uses a service resource',
        generate: ['product/score-ai.yaml'],
        fails: unsupported('service'),
      },
    ],
  },
  {
    id: 'EX-traderx',
    from: 'examples/samples/traderx',
    scenarios: [
      {
        name: 'as documented: `endpoint` and `service` resources',
        generate: [files(TRADERX)],
        fails: unsupported('endpoint'),
      },
      {
        name: 'the workloads without resources',
        generate: [files(['database', 'people-service', 'reference-data', 'trade-feed'])],
      },
      {
        name: 'ingress uses `service` resources',
        generate: ['ingress/score.yaml --image ingress:local'],
        fails: unsupported('service'),
      },
    ],
  },
  fails('CP-dapr-pubsub', 'community-provisioners/dapr-pubsub', 'dapr-pubsub'),
  fails('CP-dapr-state-store', 'community-provisioners/dapr-state-store', 'dapr-state-store'),
  fails('CP-dapr-subscription', 'community-provisioners/dapr-subscription', 'dapr-subscription'),
  {
    // Run with the community dns-with-url provisioner for compose; score-k8s's dns outputs host only, as the
    // reference's does (k8s-default-provisioners.test.ts), and the workload reads resources.dns.url.
    id: 'CP-dns',
    from: 'community-provisioners/dns',
    scenarios: [{ name: 'the workload reads dns.url', generate: ['score.yaml'], fails: NO_DNS_URL }],
  },
  fails('CP-endpoint', 'community-provisioners/endpoint', 'endpoint'),
  fails('CP-environment', 'community-provisioners/environment', 'environment'),
  fails('CP-gcp-pubsub', 'community-provisioners/gcp-pubsub-emulator', 'gcp-pubsub-emulator'),
  fails('CP-hpa', 'community-provisioners/horizontal-pod-autoscaler', 'horizontal-pod-autoscaler'),
  fails('CP-llm-model', 'community-provisioners/llm-model', 'llm-model'),
  plain('CP-redis', 'community-provisioners/redis'),
  plain('CP-route', 'community-provisioners/route', ['HTTPRoute']),
  {
    id: 'CP-service',
    from: 'community-provisioners/service',
    scenarios: [
      {
        name: 'both files: the frontend uses a service resource',
        generate: ['score-backend.yaml score-frontend.yaml'],
        fails: unsupported('service'),
      },
      { name: 'the backend', generate: ['score-backend.yaml'] },
    ],
  },
  {
    id: 'AW-angular',
    from: 'awesome-score-spec-examples/examples/angular',
    scenarios: [{ generate: ['score/score.yaml --image angular-demo:test'] }],
  },
  {
    id: 'AW-aspnet-mssql',
    from: 'awesome-score-spec-examples/examples/aspnet-mssql-example',
    scenarios: [{ generate: ['score/score.yaml --image aspnetapp:test'] }],
  },
  {
    // score-compose rejects it for the same reason: a file source outside the Score file's directory.
    id: 'AW-elk',
    from: 'awesome-score-spec-examples/examples/elasticsearch-logstash-kibana-example',
    scenarios: [
      {
        name: 'a file source outside the Score file directory',
        generate: ['score/score.yaml'],
        fails: { code: 1, contains: ["must be a relative path within the Score file's directory"] },
      },
    ],
  },
  {
    id: 'AW-wordpress',
    from: 'awesome-score-spec-examples/examples/wordpress-mysql',
    scenarios: [{ generate: ['score/score.yaml'] }],
  },
  {
    id: 'SSA-sample-score-app',
    from: 'sample-score-app',
    scenarios: [
      {
        generate: [
          `score.yaml --image hello-world:test --override-property containers.hello-world.variables.MESSAGE="Hello, Kubernetes!"`,
        ],
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
        init: '',
        generate: [
          'score.yaml --image scorespec/sample-score-app:latest',
          `score.yaml --image scorespec/sample-score-app:latest --override-property containers.hello-world.variables.MESSAGE="Hello, Kubernetes!"`,
          '',
          'minimal.score.yaml --image busybox',
        ],
      },
    ],
  },
  {
    id: 'SPEC-readme',
    from: 'spec',
    dir: 'spec-readme',
    rename: { 'score.yaml': 'spec/README.sample.score.yaml' },
    scenarios: [{ generate: ['score.yaml'] }],
  },
  ...[
    ['SPEC-full', 'spec/samples', 'score-full.yaml'],
    ['SCOREGO-full', 'score-go/schema/files/samples', 'score-full.yaml'],
  ].map(([id, from, file]): Case => ({
    id: id!,
    from: from!,
    scenarios: [
      {
        name: 'as is: image . without --image',
        generate: [file!],
        fails: {
          code: 1,
          equals: `failed to convert '${file}' because container 'container-two2' has no image and --image was not provided`,
        },
      },
      {
        name: 'with --image: unknown resource types',
        generate: [`${file} --image busybox`],
        fails: unsupported('Resource-One'),
      },
    ],
  })),
  {
    // score-compose rejects it too: `source: some-volume` names a volume nobody declares.
    id: 'SPEC-deprecated',
    from: 'spec/samples',
    scenarios: [
      { generate: ['score-deprecated-files-and-volumes.yaml'], fails: { code: 1, contains: ['some-volume'] } },
    ],
  },
  {
    id: 'XR-demo-app',
    from: 'extra-real-world/astromechza-demo-app',
    scenarios: [{ init: '', generate: ['score.yaml --image ghcr.io/astromechza/demo-app:latest'] }],
  },
  {
    id: 'XR-dapr',
    from: 'extra-real-world/dapr-score-humanitec',
    scenarios: [
      {
        name: 'score-node.yaml uses a dapr-state-store resource',
        generate: ['score-node.yaml'],
        fails: unsupported('dapr-state-store'),
      },
      {
        name: 'score-python.yaml uses a service resource',
        generate: ['score-python.yaml'],
        fails: unsupported('service'),
      },
    ],
  },
  {
    // Run with the community dns-with-url provisioner for compose: the workload reads resources.dns.url.
    id: 'XR-backstage-monolith',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      {
        name: 'the workload reads dns.url',
        generate: [
          `score.yaml --image backstage:test --override-property containers.backstage.variables.APP_CONFIG_app_title="Hello, Kubernetes!"`,
        ],
        fails: NO_DNS_URL,
      },
    ],
  },
  {
    id: 'XR-backstage-split',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      { name: 'the backend reads dns.url', generate: ['score-backend.yaml --image backend:test'], fails: NO_DNS_URL },
      {
        name: 'the frontend uses a service resource',
        generate: ['score-frontend.yaml --image frontend:test'],
        fails: unsupported('service'),
      },
    ],
  },
  {
    id: 'XR-backstage-light',
    from: 'extra-real-world/deploy-backstage-with-score',
    scenarios: [
      {
        name: 'monolith',
        generate: [
          `score.light.yaml --image backstage:test --override-property containers.backstage.variables.APP_CONFIG_app_title="Hello, Kubernetes!"`,
        ],
      },
      {
        name: 'split: the frontend uses a service resource',
        generate: ['score-backend.light.yaml --image backend:test', 'score-frontend.light.yaml --image frontend:test'],
        fails: unsupported('service'),
      },
    ],
  },
  fails('XR-nginx', 'extra-real-world/nginx-score-demo', 'horizontal-pod-autoscaler', 'score.yaml --image webapp:test'),
  {
    id: 'XR-sail-sharp',
    from: 'extra-real-world/sail-sharp',
    scenarios: [
      {
        generate: [
          `score/score.yaml --image my-sample-container:test --override-property containers.my-sample-container.variables.MESSAGE="Hello, Kubernetes!"`,
        ],
      },
    ],
  },
  {
    // As in score-compose (INDEX.md D6): ${pod.metadata.*} is no Score placeholder, and the files are refused when
    // read. They also use an `environment` resource, which no default score-k8s provisioner serves.
    id: 'XR-sail-sharp-variants',
    from: 'extra-real-world/sail-sharp',
    scenarios: [
      'score-with-shared-values.yaml',
      'score-with-file-content-in-shared-values.yaml',
      'score-with-file-source.yaml',
    ].map((file) => ({
      name: file,
      generate: [`score/${file} --image my-sample-container:test`],
      fails: {
        code: 1,
        prefix: "validation errors in workload 'my-sample-workload'",
        contains: ['placeholder ${pod.metadata.name} has unsupported first element of "pod"'],
      },
    })),
  },
  plain('XR-sample-app-gif', 'extra-real-world/sample-app-gif'),
  fails(
    'XR-genai-hello',
    'extra-real-world/sample-score-genai-app/hello-genai-in-go',
    'llm-model',
    'score.yaml --image hello-genai:test',
  ),
  {
    id: 'XR-genai-openwebui',
    from: 'extra-real-world/sample-score-genai-app/open-webui',
    scenarios: ['score-dmr.yaml', 'score-dmr-ro.yaml', 'score-ollama.yaml', 'score-ollama-ro.yaml'].map((file) => ({
      name: `${file}: llm-model resources`,
      generate: [`${file} --image ghcr.io/open-webui/open-webui:latest-slim`],
      fails: unsupported('llm-model'),
    })),
  },
  {
    id: 'XR-microcks',
    from: 'extra-real-world/score-microcks',
    scenarios: [
      {
        name: 'the frontend uses an endpoint resource',
        generate: ['score-frontend.yaml'],
        fails: unsupported('endpoint'),
      },
      { name: 'the backend', generate: ['score-backend.yaml'] },
    ],
  },
];

function argvOf(line: string): string[] {
  return shellWords(line);
}

/** The bytes of the manifests and the state (undefined when absent). */
function projectFiles(dir: string): Record<string, string | undefined> {
  const read = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p)).toString('base64') : undefined);
  return { 'manifests.yaml': read('manifests.yaml'), '.score-k8s/state.yaml': read('.score-k8s/state.yaml') };
}

async function runScenario(c: Case, s: Scenario): Promise<void> {
  const dir = await tempProject(c.dir ?? basename(c.from));
  if (c.rename) {
    for (const [target, source] of Object.entries(c.rename)) await cp(join(CORPUS, source), join(dir, target));
  } else {
    await cp(join(CORPUS, c.from), dir, { recursive: true });
  }
  const label = `${c.id}${s.name ? ` (${s.name})` : ''}`;
  const init = await runK8sIn(dir, ['init', ...argvOf(s.init ?? '--no-sample')]);
  expect([init.code, init.stdout], `${label}: score-k8s init\n${init.stderr}`).toEqual([0, '']);
  for (const [i, line] of s.generate.entries()) {
    const last = i === s.generate.length - 1;
    const before = JSON.stringify(projectFiles(dir));
    const run = await runK8sIn(dir, ['generate', ...argvOf(line)]);
    const what = `${label}: score-k8s generate ${line}`;
    if (last && s.fails) {
      expectCleanError(run, s.fails, what);
      expect(JSON.stringify(projectFiles(dir)), `${what}: a failed run changed files`).toBe(before);
      return;
    }
    expect([run.code, run.stdout], `${what}\n${run.stderr}`).toEqual([0, '']);
    expect(await k8sProjectProblems(dir), what).toEqual([]);
  }
  const manifests = await readManifests(dir);
  expect(manifests.some((m) => m['kind'] === 'Deployment' || m['kind'] === 'StatefulSet')).toBe(true);
  // The secrets check found what it looks for: a provisioner's Secret holds a generated password.
  if (manifests.some((m) => m['kind'] === 'Secret')) expect((await k8sStateSecrets(dir)).length).toBeGreaterThan(0);
  // The stored workloads generated again: the same manifests, byte for byte.
  const first = readFileSync(join(dir, 'manifests.yaml'), 'utf8');
  expect((await runK8sIn(dir, ['generate'])).code, `${label}: generate again`).toBe(0);
  expect(readFileSync(join(dir, 'manifests.yaml'), 'utf8'), `${label}: generate again`).toBe(first);
  // The same project in a namespace of its own: every object in it, and still valid.
  const ns = await runK8sIn(dir, ['generate', '--namespace', 'team-a', '--generate-namespace', '-o', 'ns.yaml']);
  expect(ns.code, `${label}: --namespace\n${ns.stderr}`).toBe(0);
  expect(await k8sProjectProblems(dir, 'ns.yaml'), `${label}: --namespace`).toEqual([]);
  const placed = await readManifests(dir, 'ns.yaml');
  expect(placed[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'team-a' } });
  for (const m of placed.slice(1)) expect((m['metadata'] as { namespace?: string }).namespace, label).toBe('team-a');
  for (const kind of s.kinds ?? [])
    expect(
      manifests.map((m) => m['kind']),
      label,
    ).toContain(kind);
}

describe('score-k8s on the real-world cases of INDEX.md section A, with the default provisioners', () => {
  it('covers every case of cases.json', () => {
    const ids = (JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { id: string }[]).map((c) => c.id);
    expect(CASES.map((c) => c.id).sort()).toEqual([...ids].sort());
  });
  it('runs every file of a case', () => {
    const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as {
      id: string;
      per_file: Record<string, unknown>;
    }[];
    for (const c of cases) {
      const ours = CASES.find((x) => x.id === c.id)!;
      const sources = ours.rename ? Object.entries(ours.rename) : [];
      const lines = ours.scenarios.flatMap((s) => s.generate.flatMap(argvOf));
      for (const file of Object.keys(c.per_file)) {
        const asNamed = sources.find(([, source]) => source === file)?.[0];
        const relative = asNamed ?? (file.startsWith(`${ours.from}/`) ? file.slice(ours.from.length + 1) : undefined);
        expect(relative, `${c.id}: ${file} not copied`).toBeDefined();
        expect(lines, `${c.id}: ${file} never generated`).toContain(relative);
      }
    }
  });
  for (const c of CASES) {
    describe(c.id, () => {
      for (const s of c.scenarios) {
        it(s.name ?? 'valid manifests, secrets in Secrets only', () => runScenario(c, s), 120_000);
      }
    });
  }
});
