import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProvisioners, parseProvisionerFile, withBuiltinProvisioners } from '../../../src/provisioners/load.js';
import { findProvisioner } from '../../../src/provisioners/match.js';

// The reference's provisioner_file_loading vectors are in test/acceptance/vectors/provisioner-loading.test.ts.

describe('parseProvisionerFile', () => {
  it('rejects an empty file like the reference (EOF)', () => {
    expect(() => parseProvisionerFile('', 'a.provisioners.yaml')).toThrow(
      "failed to load 'a.provisioners.yaml': failed to decode file: EOF",
    );
    expect(() => parseProvisionerFile('# only a comment\n', 'a')).toThrow('failed to decode file: EOF');
  });

  it('requires a list of maps', () => {
    expect(() => parseProvisionerFile('uri: template://x', 'f')).toThrow(
      "failed to load 'f': failed to decode file: expected a list",
    );
    expect(() => parseProvisionerFile('- just a string', 'f')).toThrow("failed to load 'f': 0: expected a map");
    expect(() => parseProvisionerFile('- [a', 'f')).toThrow("failed to load 'f': failed to decode file:");
  });

  it('reports item errors with index and uri', () => {
    const text = '- {uri: template://ok, type: a}\n- {uri: template://bad, type: b, bogus: 1}\n';
    expect(() => parseProvisionerFile(text, 'f')).toThrow(
      "failed to load 'f': 1: template://bad: failed to parse: field bogus not found",
    );
    expect(() => parseProvisionerFile('- {uri: template://t}', 'f')).toThrow(
      '0: template://t: failed to parse: type not set',
    );
    expect(() => parseProvisionerFile('- {uri: "not a uri", type: a}', 'f')).toThrow("0: invalid uri 'not a uri'");
    expect(() => parseProvisionerFile('- {uri: "cmd://x:x", type: a}', 'f')).toThrow(
      '0: cmd://x:x: failed to parse: failed to parse url: parse "cmd://x:x": invalid port ":x" after host',
    );
  });

  it('builds each kind with its fields and origin', () => {
    const text = [
      '- {uri: template://t, type: a, class: c, id: i, description: d, supported_params: [p], expected_outputs: [o]}',
      '- {uri: "cmd://python3#dotenv", type: environment, args: ["-c", "x"]}',
      '- {uri: local-env://e}',
    ].join('\n');
    const [t, c, e] = parseProvisionerFile(text, 'f.provisioners.yaml');
    expect(t).toMatchObject({
      uri: 'template://t',
      type: 'a',
      class: 'c',
      id: 'i',
      description: 'd',
      supportedParams: ['p'],
      expectedOutputs: ['o'],
    });
    expect(t!.origin).toEqual({
      file: 'f.provisioners.yaml',
      index: 0,
      locateTemplate: expect.any(Function),
      target: 'compose',
    });
    expect(c).toMatchObject({ uri: 'cmd://python3#dotenv', type: 'environment' });
    expect(e).toMatchObject({ uri: 'local-env://e', type: 'environment' });
    expect(e!.class).toBeUndefined();
  });

  it('explains a template written as a map instead of a block string', () => {
    try {
      parseProvisionerFile('- uri: template://t\n  type: a\n  state:\n    a: b\n', 'f');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('field state must be a string');
      expect((err as { hint?: string }).hint).toContain('state: |');
    }
  });
});

describe('loadProvisioners', () => {
  it('loads only regular files directly in the directory, byte-wise ordered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-load-'));
    await writeFile(join(dir, 'b.provisioners.yaml'), '- {uri: template://b, type: t}');
    await writeFile(join(dir, 'B.provisioners.yaml'), '- {uri: template://B, type: t}');
    await writeFile(join(dir, 'zz-default.provisioners.yaml'), '[]');
    await mkdir(join(dir, 'sub.provisioners.yaml'));
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'a.provisioners.yaml'), '- {uri: template://nested, type: t}');
    await symlink(join(dir, 'b.provisioners.yaml'), join(dir, 'a-link.provisioners.yaml'));
    expect((await loadProvisioners(dir)).map((p) => p.uri)).toEqual(['template://B', 'template://b']);
  });

  it('names the failing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-load-'));
    await writeFile(join(dir, '00-bad.provisioners.yaml'), '');
    await expect(loadProvisioners(dir)).rejects.toThrow(
      "failed to load '00-bad.provisioners.yaml': failed to decode file: EOF",
    );
  });
});

describe('withBuiltinProvisioners', () => {
  it('appends the built-in environment provisioner only when none handles environment', () => {
    const none = parseProvisionerFile('- {uri: template://x, type: thing}', 'f');
    const withEnv = parseProvisionerFile('- {uri: local-env://e}', 'f');
    expect(withBuiltinProvisioners(none).map((p) => p.uri)).toEqual(['template://x', 'builtin://environment']);
    expect(withBuiltinProvisioners(withEnv).map((p) => p.uri)).toEqual(['local-env://e']);
  });

  it('the built-in one matches only class default and workload-scoped ids', () => {
    const [, builtin] = withBuiltinProvisioners(
      parseProvisionerFile('[]', 'f').concat(parseProvisionerFile('- {uri: template://x, type: thing}', 'f')),
    );
    const list = [builtin!];
    expect(findProvisioner(list, { type: 'environment', class: 'default', id: 'w.env', source_workload: 'w' })).toBe(
      builtin,
    );
    expect(
      findProvisioner(list, { type: 'environment', class: 'special', id: 'w.env', source_workload: 'w' }),
    ).toBeUndefined();
    expect(
      findProvisioner(list, { type: 'environment', class: 'default', id: 'shared-env', source_workload: 'w' }),
    ).toBeUndefined();
    expect(
      findProvisioner(list, { type: 'thing', class: 'default', id: 'w.env', source_workload: 'w' }),
    ).toBeUndefined();
  });
});
