// The community provisioners (score-spec/community-provisioners, shared corpus; Go templates,
// loaded unchanged) that start something runnable here, started for real: `init --provisioners
// <file>`, `up` on the folder's Score files, every service running, the workload seeing what the
// provisioner made, then `down`. The others cannot start here, and the list below says why.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { corpusPath } from '../helpers/corpus.js';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, ok, parsePsJson, StackProjects } from '../helpers/stack-project.js';

const CP = (type: string, file: string) => corpusPath(`community-provisioners/${type}/score-compose/${file}`);

interface Row {
  type: string;
  file: string;
  scoreFiles: string[];
  /** Files written into the project first. */
  write?: Record<string, string>;
  /** Services that must be running (prefixes). */
  running: string[];
  /** What the workload's logs must show: a text, or a resource output (uid, key) it read. */
  logs?: { service: string; match?: RegExp; output?: [uid: string, key: string] };
}

const ROWS: Row[] = [
  {
    type: 'dapr-pubsub',
    file: '10-redis-dapr-pubsub.provisioners.yaml',
    scoreFiles: ['score.yaml'],
    running: ['my-workload-my-container', 'redis-'],
    // The workload echoes the component name the provisioner gave it.
    logs: { service: 'my-workload-my-container', output: ['dapr-pubsub.default#my-workload.pubsub', 'name'] },
  },
  {
    type: 'dapr-state-store',
    file: '10-redis-dapr-state-store.provisioners.yaml',
    scoreFiles: ['score.yaml'],
    running: ['my-workload-my-container', 'redis-'],
  },
  {
    type: 'dapr-subscription',
    file: '10-dapr-subscription.provisioners.yaml',
    scoreFiles: ['score.yaml'],
    running: ['my-workload-my-container'],
  },
  {
    type: 'service',
    file: '10-service.provisioners.yaml',
    scoreFiles: ['score-backend.yaml', 'score-frontend.yaml'],
    running: ['backend-my-container', 'frontend-my-container'],
    logs: { service: 'backend-my-container', match: /Hello Backend/ },
  },
  {
    type: 'environment',
    file: '10-env.provisioners.yaml',
    scoreFiles: ['score.yaml'],
    write: { '.env': 'TEST=hello\n' },
    running: ['my-workload-my-container'],
    // From .env through the cmd:// provisioner (python3) into a variable and a mounted file.
    logs: { service: 'my-workload-my-container', match: /hello in file\./ },
  },
  {
    type: 'horizontal-pod-autoscaler',
    file: '10-hpa.provisioners.yaml',
    scoreFiles: ['score.yaml'],
    running: ['my-workload-my-container'],
    logs: { service: 'my-workload-my-container', match: /Hello HPA/ },
  },
];

/**
 * Not started here (each still loads and generates in test/acceptance/community-go.test.ts):
 * - dns 10-dns-with-url and route: the sample workload's image (ghcr.io/stefanprodan/podinfo) is
 *   not on this offline engine;
 * - dns 10-dns-in-codespace: asks the GitHub CLI for the current Codespace;
 * - endpoint (microcks), gcp-pubsub-emulator, llm-model via ollama or curl: their images
 *   (quay.io/microcks, gcr.io cloud-cli emulators, ollama, curlimages) are not on this engine;
 * - llm-model via Docker Model Runner: needs the model runner, which Docker Engine 20.10 lacks.
 */

describeE2E('community provisioners under up (CLI, real engine)', () => {
  const projects = new StackProjects();
  beforeAll(() => ensureImages(['busybox:latest', 'mirror.gcr.io/redis:7-alpine']), 900_000);
  afterAll(() => projects.cleanup());

  it.each(ROWS)('$type ($file): up, every service running, down', async (row) => {
    const files: Record<string, string> = { ...row.write };
    for (const f of row.scoreFiles) {
      files[f] = await readFile(corpusPath(`community-provisioners/${row.type}/${f}`), 'utf8');
    }
    const p = await projects.create(row.type.slice(0, 10), files);
    ok(await p.run(['init', '--provisioners', CP(row.type, row.file)]), 'init --provisioners');
    ok(await p.run(['up', ...row.scoreFiles, '--wait-timeout', '180']), 'up');
    const ps = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    expect(ps.length).toBeGreaterThan(0);
    for (const prefix of row.running) {
      expect(ps.find((r) => r.Service.startsWith(prefix))?.State, `${prefix} in ${JSON.stringify(ps)}`).toBe('running');
    }
    if (row.logs) {
      const { service, match, output } = row.logs;
      // The loops print every 5 s: wait for the first lines rather than racing them.
      let logs = '';
      for (let i = 0; i < 30 && logs.trim() === ''; i++) {
        logs = ok(await p.run(['logs', service, '--no-color']), 'logs').stdout;
        if (logs.trim() === '') await new Promise((r) => setTimeout(r, 500));
      }
      if (match) expect(logs).toMatch(match);
      if (output) {
        const [uid, key] = output;
        const value = ok(
          await p.run(['resources', 'get-outputs', uid, '-f', `{{ .${key} }}`]),
          'outputs',
        ).stdout.trim();
        expect(value).not.toBe('');
        expect(logs).toContain(value);
      }
    }
    ok(await p.run(['down', '--volumes', '--timeout', '1']), 'down');
    expect(parsePsJson(ok(await p.run(['ps', '-a', '--format', 'json']), 'ps -a').stdout)).toEqual([]);
  });
});
