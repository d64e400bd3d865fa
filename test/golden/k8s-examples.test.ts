// The bundled examples (examples/NN-*) through score-k8s with our default provisioners
// (provisioners-k8s/): the score-compose commands of each README, run as `score-k8s` with what has
// no score-k8s meaning left out, must give manifests valid for Kubernetes 1.33 (schema, names,
// labels, HTTPRoute shape, references: test/helpers/k8s-manifests.ts) that keep every generated
// secret in Secrets, and the same manifests when generated again. An example that cannot run is
// listed below with the error it must stop with. Needs no corpus.
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runK8sIn, tempProject } from '../helpers/cli.js';
import { k8sProjectProblems, k8sStateSecrets, readManifests } from '../helpers/k8s-manifests.js';
import { readmeCommands } from '../helpers/shell-words.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const names = (await readdir(EXAMPLES, { withFileTypes: true }))
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

/**
 * score-compose flags with no score-k8s counterpart, dropped with their value: `--env-file` (a
 * compose .env; score-k8s keeps secrets in Secrets) and `--build` (score-k8s builds no images:
 * the README's `--image` names the image instead) and `--publish` (host ports of compose).
 */
const COMPOSE_ONLY = new Set(['--env-file', '--build', '--publish']);

function forK8s(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (COMPOSE_ONLY.has(arg)) i++;
    else if (![...COMPOSE_ONLY].some((flag) => arg.startsWith(`${flag}=`))) out.push(arg);
  }
  return out;
}

/** The error of a resource type no provisioner serves (after the Score file position, when there is one). */
const unsupported = (type: string) =>
  new RegExp(
    `^Error: (\\S+:\\d+:\\d+: )?failed to provision: resource '${type}\\.default#[^']+' is not supported by any provisioner$`,
    'm',
  );

/**
 * Examples score-k8s cannot generate with its default provisioners, and the error their last command must stop
 * with: they use score-compose resource types that no score-k8s provisioner serves (nor one of score-k8s's own
 * defaults). The commands before it still run and are checked.
 */
const CANNOT_RUN: Record<string, { why: string; error: RegExp }> = {
  // Values from score-compose's environment.
  '02-variables': { why: 'an environment resource', error: unsupported('environment') },
  // score.yaml (the api) generates; frontend.yaml reaches it through a `service` resource.
  '12-workload-references': { why: 'frontend.yaml uses a service resource', error: unsupported('service') },
};

describe('the examples through score-k8s with its default provisioners', () => {
  it('lists only examples that exist', () => {
    for (const name of Object.keys(CANNOT_RUN)) expect(names).toContain(name);
  });

  for (const name of names) {
    const cannot = CANNOT_RUN[name];
    const title = cannot ? `${name} fails cleanly: ${cannot.why}` : `${name}: valid manifests, secrets in Secrets only`;
    it(title, async () => {
      const source = join(EXAMPLES, name);
      const dir = await tempProject(name);
      await cp(source, dir, { recursive: true });
      const commands = readmeCommands(await readFile(join(source, 'README.md'), 'utf8')).map(forK8s);
      expect(commands.map((c) => c[0])).toEqual(['init', ...commands.slice(1).map(() => 'generate')]);
      for (const [i, argv] of commands.entries()) {
        const run = await runK8sIn(dir, argv);
        const label = `score-k8s ${argv.join(' ')}`;
        if (cannot && i === commands.length - 1) {
          expect(run.code, `${label}\n${run.stderr}`).toBe(1);
          expect(run.stderr, label).toMatch(cannot.error);
          expect(run.stderr, label).not.toMatch(/^\s+at .+[:(]\d+/m);
          return;
        }
        expect([run.code, run.stdout], `${label}\n${run.stderr}`).toEqual([0, '']);
        if (argv[0] === 'generate') expect(await k8sProjectProblems(dir), label).toEqual([]);
      }
      expect(cannot, `${name} is listed as one that cannot run, but it ran`).toBeUndefined();
      const manifests = await readManifests(dir);
      expect(manifests.some((m) => m['kind'] === 'Deployment' || m['kind'] === 'StatefulSet')).toBe(true);
      if (manifests.some((m) => m['kind'] === 'Secret')) expect((await k8sStateSecrets(dir)).length).toBeGreaterThan(0);
      // The stored workloads generated again: the same manifests.
      const first = await readFile(join(dir, 'manifests.yaml'), 'utf8');
      expect((await runK8sIn(dir, ['generate'])).code).toBe(0);
      expect(await readFile(join(dir, 'manifests.yaml'), 'utf8')).toBe(first);
    });
  }
});
