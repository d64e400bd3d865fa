// Telling two checkouts of one compose project name apart (a/shop, b/shop), and `up` refusing to
// take over the other one's containers.
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRuntime, ContainerSummary } from '../../../../src/runtime/engine/container-runtime.js';
import { checkoutOwner } from '../../../../src/runtime/identity/checkout.js';
import { up } from '../../../../src/runtime/up/up.js';
import { memoryLogger } from '../../../../src/common/log.js';

const WD = 'com.docker.compose.project.working_dir';

describe('checkoutOwner', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sct-checkout-'));
    await mkdir(join(root, 'a', 'shop'), { recursive: true });
    await mkdir(join(root, 'b', 'shop'), { recursive: true });
    await symlink(join(root, 'b'), join(root, 'link'));
  });

  it('this directory (also through a symlink), no label and a vanished directory are this checkout', () => {
    const owner = checkoutOwner(join(root, 'b', 'shop'));
    expect(owner({ [WD]: join(root, 'b', 'shop') })).toBe('this');
    expect(owner({ [WD]: join(root, 'link', 'shop') })).toBe('this');
    expect(owner({})).toBe('this');
    expect(owner({ [WD]: join(root, 'deleted', 'shop') })).toBe('this');
  });

  it('another directory that exists is another checkout', () => {
    expect(checkoutOwner(join(root, 'b', 'shop'))({ [WD]: join(root, 'a', 'shop') })).toBe('other');
  });

  it('up stops before touching the engine when another checkout has containers of the project', async () => {
    const calls: string[] = [];
    const theirs: ContainerSummary = {
      Id: 'abc',
      Names: ['/shop-web-1'],
      Image: 'busybox',
      ImageID: 'x',
      State: 'running',
      Status: 'Up',
      Created: 0,
      Labels: { 'com.docker.compose.project': 'shop', [WD]: join(root, 'a', 'shop') },
    };
    const runtime = new Proxy({ apiVersion: '1.41', endpointLabel: 'fake', publishHost: 'localhost' } as object, {
      get(target, prop) {
        if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
        return async () => {
          calls.push(String(prop));
          if (prop === 'listContainers') return [theirs];
          throw new Error(`unexpected ${String(prop)}`);
        };
      },
    }) as ContainerRuntime;
    const run = up(runtime, {
      project: { name: 'shop', services: { web: { image: 'busybox' } } },
      projectDir: join(root, 'b', 'shop'),
      configFiles: [],
      wait: false,
      logger: memoryLogger(),
      env: {},
    });
    await expect(run).rejects.toMatchObject({
      code: 'input',
      message: `the compose project name "shop" is already used by another directory: ${join(root, 'a', 'shop')}`,
      details: ['its containers: shop-web-1'],
    });
    await expect(run).rejects.toHaveProperty('hint', expect.stringContaining('score-compose init --project <name>'));
    expect(calls).toEqual(['listContainers']);
  });
});
