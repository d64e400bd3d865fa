// The reference's cmd_provisioner vectors (score-compose-tests/unit_cases.yaml): URIs accepted
// and rejected, how the binary is found, and runs through sh.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCmdUri, resolveCmdBinary } from '../../../src/provisioners/cmd/cmd-uri.js';
import type { ProvisionContext } from '../../../src/provisioners/types.js';
import { unitCases } from '../../helpers/corpus.js';
import { binaryLookupPlace, cmdProvisioner, provisionInput } from '../../unit/provisioners/fixtures.js';

interface CmdVectors {
  valid_uris: string[];
  invalid_uris: Record<string, string>;
  binary_resolution: Record<string, string>;
  runs: Array<{ args: string[]; expect?: string; error?: string }>;
}
const vectors = unitCases('cmd_provisioner') as CmdVectors;

describe('cmd:// URIs', () => {
  for (const uri of vectors.valid_uris) it(`accepts ${uri}`, () => expect(() => parseCmdUri(uri)).not.toThrow());
  for (const [uri, message] of Object.entries(vectors.invalid_uris)) {
    it(`rejects '${uri}'`, () => expect(() => parseCmdUri(uri)).toThrow(message));
  }
});

describe('binary resolution vectors', () => {
  let bin = '';
  let where = { cwd: '', home: '', path: '' };
  beforeAll(async () => {
    ({ bin, where } = await binaryLookupPlace());
  });
  for (const [uri, expected] of Object.entries(vectors.binary_resolution)) {
    it(uri, async () => {
      const resolving = resolveCmdBinary(parseCmdUri(uri), where);
      if (expected.startsWith('ERROR ')) await expect(resolving).rejects.toThrow(expected.slice('ERROR '.length));
      else if (expected === 'PATH lookup') await expect(resolving).resolves.toBe(join(bin, uri.slice('cmd://'.length)));
      else {
        const want = expected
          .replace('<cwd>', where.cwd)
          .replace('<parent of cwd>', dirname(where.cwd))
          .replace('$HOME', where.home);
        await expect(resolving).resolves.toBe(want);
      }
    });
  }
});

describe('vector runs through sh', () => {
  const context: ProvisionContext = { projectDir: tmpdir(), env: { PATH: process.env.PATH } };
  for (const run of vectors.runs) {
    it(run.args.join(' '), async () => {
      const p = cmdProvisioner('cmd://sh', run.args);
      const provisioning = p.provision(provisionInput(), context);
      if (run.error) await expect(provisioning).rejects.toThrow(run.error);
      else expect((await provisioning).outputs?.resource_uid).toBe('thing.default#w.r');
    });
  }
});
