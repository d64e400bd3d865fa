// The reference's provisioner_file_loading vectors (score-compose-tests/unit_cases.yaml).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProvisioners, parseProvisionerFile } from '../../../src/provisioners/load.js';
import { findProvisioner } from '../../../src/provisioners/match.js';
import { unitCases } from '../../helpers/corpus.js';

type LoadCase = {
  yaml?: string;
  result?: string;
  matches?: string;
  error?: string;
  dir?: Record<string, string>;
  order?: string[];
};
const cases = unitCases('provisioner_file_loading') as LoadCase[];

describe('provisioner_file_loading vectors', () => {
  for (const c of cases.filter((x) => x.yaml !== undefined)) {
    it(c.yaml!, () => {
      if (c.error) {
        expect(() => parseProvisionerFile(c.yaml!, 'x.provisioners.yaml')).toThrow(
          `failed to load 'x.provisioners.yaml': ${c.error}`,
        );
        return;
      }
      const loaded = parseProvisionerFile(c.yaml!, 'x.provisioners.yaml');
      if (c.result) expect(`${loaded.length} provisioners`).toBe(c.result);
      if (c.matches) {
        const uid = /^(\S+)\.(\S+)#(\S+)/.exec(c.matches)!;
        expect(findProvisioner(loaded, { type: uid[1]!, class: uid[2]!, id: uid[3]! })).toBe(loaded[0]);
        expect(findProvisioner(loaded, { type: uid[1]!, class: uid[2]!, id: 'other' })).toBeUndefined();
      }
    });
  }

  const dirCase = cases.find((x) => x.dir !== undefined)!;
  it('loads files in name order and the first match wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-load-'));
    // the vector's files, with the default suffix, written in reverse to prove sorting
    const names = Object.keys(dirCase.dir!).sort().reverse();
    for (const [i, name] of names.entries()) {
      const uri = dirCase.order![names.length - 1 - i]!;
      await writeFile(join(dir, name.replace('.p.yaml', '.provisioners.yaml')), `- {uri: ${uri}, type: thing}\n`);
    }
    await writeFile(join(dir, 'ignored.yaml'), '- {uri: template://ignored, type: thing}\n');
    const loaded = await loadProvisioners(dir);
    expect(loaded.map((p) => p.uri)).toEqual(dirCase.order);
    expect(findProvisioner(loaded, { type: 'thing', class: 'default', id: 'w.r' })?.uri).toBe(dirCase.order![0]);
  });
});
