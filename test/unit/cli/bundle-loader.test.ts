// bin/score-compose.js loads the CLI bundle with a V8 code cache; the cache must only ever be a
// shortcut: one made for another bundle is not used, one V8 refuses is ignored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface Loader {
  BUNDLE_ID_PREFIX: string;
  bundleRequire(real: NodeJS.Require): NodeJS.Require;
  bundleIdOf(bytes: Buffer): string | undefined;
  codeCacheFile(header: object, data: Buffer): Buffer;
  expectedHeader(bundle: string, ascii: boolean): object;
  profileFor(argv: string[]): string;
  loadBundle(
    bundle: string,
    cache: string | undefined,
  ): {
    exports: { main(argv: string[]): Promise<number>; file: string };
    script: { createCachedData(): Buffer };
    cacheRejected: boolean | undefined;
  };
}

const loader = createRequire(import.meta.url)('../../../bin/score-compose.js') as Loader;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-loader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle as the build writes it: the id line, then a CommonJS module function. */
function writeBundle(id: string, body: string): string {
  const file = join(dir, 'bundle.cjs');
  writeFileSync(
    file,
    `${loader.BUNDLE_ID_PREFIX}${id}\n(function (exports, require, module, __filename, __dirname) {"use strict";\n${body}\n})`,
  );
  return file;
}

const BODY =
  'exports.file = __filename;\nexports.main = async (argv) => argv.length + require("node:path").sep.length;';

describe('the bundle loader', () => {
  it('runs a bundle as a CommonJS module, without a cache', async () => {
    const bundle = writeBundle('one', BODY);
    const loaded = loader.loadBundle(bundle, join(dir, 'none.v8-cache'));
    expect(loaded.cacheRejected).toBeUndefined();
    expect(loaded.exports.file).toBe(bundle);
    expect(await loaded.exports.main(['a', 'b'])).toBe(3);
  });

  it('uses a cache made for the same bundle, and ignores one made for another', async () => {
    const bundle = writeBundle('one', BODY);
    const data = loader.loadBundle(bundle, undefined).script.createCachedData();
    const cache = join(dir, 'cache');
    writeFileSync(cache, loader.codeCacheFile(loader.expectedHeader('one', true), data));
    const cached = loader.loadBundle(bundle, cache);
    expect(cached.cacheRejected).toBe(false);
    expect(await cached.exports.main([])).toBe(1);

    writeFileSync(cache, loader.codeCacheFile(loader.expectedHeader('another', true), data));
    expect(loader.loadBundle(bundle, cache).cacheRejected).toBeUndefined();
    writeFileSync(cache, 'not a cache');
    expect(loader.loadBundle(bundle, cache).cacheRejected).toBeUndefined();
  });

  it('runs the bundle from its text when V8 refuses the cache', async () => {
    const bundle = writeBundle('one', BODY);
    const cache = join(dir, 'cache');
    writeFileSync(cache, loader.codeCacheFile(loader.expectedHeader('one', true), Buffer.from('garbage')));
    const loaded = loader.loadBundle(bundle, cache);
    expect(loaded.cacheRejected).toBe(true);
    expect(await loaded.exports.main(['x'])).toBe(2);
  });

  it('reads the bundle id from the first line only', () => {
    expect(loader.bundleIdOf(Buffer.from(`${loader.BUNDLE_ID_PREFIX}abc\n(function(){})`))).toBe('abc');
    expect(loader.bundleIdOf(Buffer.from('(function(){})'))).toBeUndefined();
  });

  it('picks the runtime cache for the commands that only talk to the engine', () => {
    expect(loader.profileFor(['down'])).toBe('runtime');
    expect(loader.profileFor(['-v', 'ps', '-a'])).toBe('runtime');
    expect(loader.profileFor(['--quiet', 'logs', 'web'])).toBe('runtime');
    expect(loader.profileFor(['generate', 'score.yaml'])).toBe('generate');
    expect(loader.profileFor(['up'])).toBe('generate');
    expect(loader.profileFor(['--version'])).toBe('generate');
  });

  it('hands the bundle heavy built-in modules that load on first use, and the rest as they are', () => {
    const loaded: string[] = [];
    const crypto = { randomBytes: (n: number) => n, constants: { x: 1 } };
    const real = Object.assign(
      (id: string) => {
        loaded.push(id);
        return id === 'node:crypto' ? crypto : { id };
      },
      { resolve: () => 'resolved', cache: {} },
    ) as unknown as NodeJS.Require;
    const require = loader.bundleRequire(real);
    const standIn = require('node:crypto') as typeof crypto;
    expect(require('crypto')).toBe(standIn);
    expect(loaded).toEqual([]);
    expect(standIn.randomBytes(3)).toBe(3);
    expect(loaded).toEqual(['node:crypto']);
    expect(Object.keys(standIn)).toEqual(['randomBytes', 'constants']);
    expect({ ...standIn }.constants).toBe(crypto.constants);
    expect(require('node:path')).toEqual({ id: 'node:path' });
    const anyId = ['x'][0]!; // not a literal: a tool reading imports would take it for a package
    expect(require.resolve(anyId)).toBe('resolved');
  });
});
