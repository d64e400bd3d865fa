// Shared inputs for provisioner tests (the unit tier and the reference's vectors in the acceptance tier).
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import type { ProvisionInput, Provisioner } from '../../../src/provisioners/types.js';

/** A ProvisionInput with sensible defaults; override what a test cares about. */
export function provisionInput(overrides: Partial<ProvisionInput> = {}): ProvisionInput {
  return {
    uid: 'thing.default#w.r',
    type: 'thing',
    class: 'default',
    id: 'w.r',
    guid: '00000000-0000-4000-8000-000000000000',
    params: undefined,
    metadata: {},
    sourceWorkload: 'w',
    workloadServices: {},
    state: {},
    shared: {},
    composeProjectName: 'test',
    mountsDirectory: '.score-compose/mounts',
    ...overrides,
  };
}

/** A cmd provisioner of type `thing` for `uri`, loaded from a provisioners file. */
export function cmdProvisioner(uri: string, args: string[] = []): Provisioner {
  return parseProvisionerFile(`- ${JSON.stringify({ uri, type: 'thing', args })}`, 'f')[0]!;
}

/** The one provisioner of a YAML map item, loaded as a provisioners file holding just it. */
export function loadProvisioner(yamlItem: string): Provisioner {
  const item = parse(yamlItem) as Record<string, unknown>;
  const text = `- ${JSON.stringify(item)}`;
  return parseProvisionerFile(text, 'test.provisioners.yaml')[0]!;
}

/**
 * Where binaries are looked up for cmd:// URIs: cwd /work/project, HOME /home/me, and a PATH of
 * a missing directory then a temp one holding `go` (executable), `notexec` (not) and `adir` (a directory).
 */
export async function binaryLookupPlace(): Promise<{
  bin: string;
  where: { cwd: string; home: string; path: string };
}> {
  const bin = await mkdtemp(join(tmpdir(), 'sct-path-'));
  for (const name of ['go', 'notexec']) await writeFile(join(bin, name), '#!/bin/sh\n');
  await chmod(join(bin, 'go'), 0o755);
  await mkdir(join(bin, 'adir'));
  return { bin, where: { cwd: '/work/project', home: '/home/me', path: `/nonexistent:${bin}` } };
}
