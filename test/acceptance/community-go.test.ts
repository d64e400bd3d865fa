// Every score-compose provisioner and patch template of score-spec/community-provisioners and
// community-patchers (shared corpus), loaded unchanged (Go templates, on the Go engine) and
// generated with its sample Score file, as the community CI does: `init --no-sample
// --provisioners <file>` then `generate <the folder's score*.yaml>` in one call, beside our own
// (Handlebars) default provisioners. Patch templates run against the `init` sample workload.
// Each result must pass `docker compose config`. The ones that cannot run here say why.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';
import { expectComposeAcceptsModels } from './acceptance-helpers.js';

const CP = (type: string, file: string) => corpusPath(`community-provisioners/${type}/score-compose/${file}`);
const PATCH = (file: string) => corpusPath(`community-patchers/score-compose/${file}`);

interface Row {
  /** The provisioner or patch template file under test. */
  file: string;
  /** `init` arguments besides `--no-sample`. */
  init: string[];
  /** The corpus folder whose Score files are generated (none: the init sample). */
  folder?: string;
  scoreFiles: string[];
  /** Files written into the project first (name → content). */
  write?: Record<string, string>;
  /** Why it cannot run here; the row is then skipped with this reason. */
  cannot?: string;
  /** Checks of the generated compose project. */
  expect?: (compose: Record<string, Record<string, unknown>>) => void;
}

const services = (c: Record<string, Record<string, unknown>>) => Object.keys(c['services'] ?? {});

const provisioner = (type: string, file: string, extra: Partial<Row> = {}): Row => ({
  file: `${type}/${file}`,
  init: ['--provisioners', CP(type, file)],
  folder: `community-provisioners/${type}`,
  scoreFiles: ['score.yaml'],
  ...extra,
});

const ROWS: Row[] = [
  provisioner('dapr-pubsub', '10-redis-dapr-pubsub.provisioners.yaml', {
    expect: (c) => expect(services(c).some((s) => s.startsWith('redis-'))).toBe(true),
  }),
  provisioner('dapr-state-store', '10-redis-dapr-state-store.provisioners.yaml', {
    expect: (c) => expect(services(c).some((s) => s.startsWith('redis-'))).toBe(true),
  }),
  provisioner('dapr-subscription', '10-dapr-subscription.provisioners.yaml'),
  provisioner('dns', '10-dns-with-url.provisioners.yaml'),
  provisioner('dns', '10-dns-in-codespace.provisioners.yaml', {
    cannot: 'a cmd:// provisioner that asks the GitHub CLI (gh codespace view) for the current Codespace',
  }),
  provisioner('endpoint', '10-endpoint-with-microcks.provisioners.yaml', {
    // The mock service depends on `microcks`, which only the community microcks.tpl defines.
    init: [
      '--provisioners',
      CP('endpoint', '10-endpoint-with-microcks.provisioners.yaml'),
      '--patch-templates',
      PATCH('microcks.tpl'),
    ],
    expect: (c) => expect(services(c)).toContain('microcks'),
  }),
  provisioner('environment', '10-env.provisioners.yaml', {
    // A cmd:// provisioner (python3) reading ./.env.
    write: { '.env': 'TEST=hello\n' },
  }),
  provisioner('gcp-pubsub-emulator', '10-gcp-pubsub-emulator.provisioners.yaml'),
  provisioner('horizontal-pod-autoscaler', '10-hpa.provisioners.yaml'),
  provisioner('llm-model', '10-dmr-llm-model-for-openai-clients.provisioners.yaml', {
    expect: (c) => expect(Object.keys(c['models'] ?? {}).length).toBeGreaterThan(0),
  }),
  provisioner('llm-model', '10-dmr-llm-model-via-curl-cmd.provisioners.yaml', {
    cannot:
      'a cmd:// provisioner that downloads the model from a Docker Model Runner on localhost:12434 with curl and yq',
  }),
  provisioner('llm-model', '10-dmr-llm-model-via-curl-service.provisioners.yaml'),
  provisioner('llm-model', '10-dmr-llm-model-via-service-provider.provisioners.yaml'),
  provisioner('llm-model', '10-dmr-llm-model.provisioners.yaml', {
    expect: (c) => expect(Object.keys(c['models'] ?? {}).length).toBeGreaterThan(0),
  }),
  provisioner('llm-model', '10-ollama-llm-model-service.provisioners.yaml', {
    // The puller depends on the `ollama` service and volume that only the community ollama.tpl defines.
    init: [
      '--provisioners',
      CP('llm-model', '10-ollama-llm-model-service.provisioners.yaml'),
      '--patch-templates',
      PATCH('ollama.tpl'),
    ],
    expect: (c) => expect(services(c)).toContain('ollama'),
  }),
  provisioner('service', '10-service.provisioners.yaml', { scoreFiles: ['score-backend.yaml', 'score-frontend.yaml'] }),
  {
    file: 'unprivileged.tpl',
    init: ['--patch-templates', PATCH('unprivileged.tpl')],
    scoreFiles: ['score.yaml'],
    expect: (c) => {
      const web = (c['services'] as Record<string, Record<string, unknown>>)['hello-world-hello-world']!;
      expect(web).toMatchObject({ read_only: true, user: '65532', cap_drop: ['ALL'] });
    },
  },
  {
    file: 'dapr.tpl',
    init: [
      '--provisioners',
      CP('dapr-state-store', '10-redis-dapr-state-store.provisioners.yaml'),
      '--patch-templates',
      PATCH('dapr.tpl'),
    ],
    folder: 'community-provisioners/dapr-state-store',
    scoreFiles: ['score.yaml'],
    expect: (c) => expect(services(c)).toEqual(expect.arrayContaining(['placement', 'scheduler'])),
  },
  {
    file: 'microcks.tpl',
    init: ['--patch-templates', PATCH('microcks.tpl')],
    scoreFiles: ['score.yaml'],
    expect: (c) => expect(services(c)).toContain('microcks'),
  },
  {
    file: 'ollama.tpl',
    init: ['--patch-templates', PATCH('ollama.tpl')],
    scoreFiles: ['score.yaml'],
    expect: (c) => expect(services(c)).toContain('ollama'),
  },
];

async function run(dir: string, argv: string[]): Promise<void> {
  const result = await runIn(dir, argv);
  expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
  expect(result.stdout, argv.join(' ')).toBe('');
}

describe('community provisioners and patch templates, unchanged, on the Go engine', () => {
  for (const row of ROWS) {
    it.skipIf(row.cannot !== undefined)(
      row.cannot ? `${row.file}: cannot run here: ${row.cannot}` : row.file,
      async () => {
        const dir = await tempProject('community');
        if (row.folder !== undefined) await cp(corpusPath(row.folder), dir, { recursive: true });
        for (const [name, content] of Object.entries(row.write ?? {})) await writeFile(join(dir, name), content);
        // The init sample (score.yaml) when the row has no folder of its own.
        await run(dir, ['init', ...(row.folder === undefined ? [] : ['--no-sample']), ...row.init]);
        await run(dir, ['generate', ...row.scoreFiles]);
        const list = await runIn(dir, ['provisioners', 'list', '-f', 'json']);
        const engines = (JSON.parse(list.stdout) as { Engine: string }[]).map((p) => p.Engine);
        if (row.file.endsWith('.provisioners.yaml') && (await readFile(row.init[1]!, 'utf8')).includes('{{'))
          expect(engines).toContain('go');
        const composeFile = join(dir, 'compose.yaml');
        await expectComposeAcceptsModels(composeFile, dir);
        row.expect?.(parse(await readFile(composeFile, 'utf8')) as Record<string, Record<string, unknown>>);
      },
      60_000,
    );
  }
});
