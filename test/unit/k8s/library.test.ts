import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifests, init, SCORE_K8S, silentLogger } from '../../../src/index.js';
import { tempProject } from '../../helpers/cli.js';
import { validateManifests } from '../../helpers/k8s-schema.js';

describe('score-k8s from the library', () => {
  it('init with the score-k8s tool, then generateManifests on the sample (our default provisioners)', async () => {
    const projectDir = await tempProject('shop');
    await init({ projectDir, tool: SCORE_K8S, logger: silentLogger });
    expect(await readFile(join(projectDir, '.score-k8s/zz-default.provisioners.yaml'), 'utf8')).toContain(
      'score-k8s init',
    );
    const { manifests, yaml } = await generateManifests({ projectDir, files: ['score.yaml'], logger: silentLogger });
    expect(manifests.map((m) => m['kind'])).toEqual([
      'Secret',
      'StatefulSet',
      'Service',
      'HTTPRoute',
      'Service',
      'Deployment',
    ]);
    validateManifests(manifests.filter((m) => m['kind'] !== 'HTTPRoute'));
    expect(await readFile(join(projectDir, 'manifests.yaml'), 'utf8')).toBe(yaml);
    expect((await stat(join(projectDir, '.score-k8s/state.yaml'))).mode & 0o777).toBe(0o600);
    await expect(stat(join(projectDir, '.score-compose'))).rejects.toThrow();
  });
});
