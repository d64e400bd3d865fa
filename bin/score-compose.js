#!/usr/bin/env -S node --
/* eslint-disable @typescript-eslint/no-require-imports */
// The `--` on the first line: Node 20 takes `--env-file <path>` for itself wherever it appears on
// the command line (nodejs/node#54232), so `score-compose generate --env-file out.env` would make
// Node load (or fail on) out.env. After `--`, every argument is the command's.
// The score-compose command. Runs the CLI bundled by scripts/bundle-cli.mjs
// (dist/cli-bundle/score-compose.cjs) with the V8 code cache the build made for it
// (scripts/train-code-cache.mjs). Node 20 can reuse compiled code only for scripts (vm.Script
// cachedData), not for ES modules, and has no compile cache of its own (module.enableCompileCache
// came with Node 22): without a cache, every run parses and compiles the same megabyte of
// JavaScript again. This file and the bundle are CommonJS (bin/package.json): starting Node on an
// ES module also starts its ES module loader, which nothing here needs.
//
// There is one cache per profile, each made by running that profile's commands (CODE_CACHE_PROFILES):
// a cache holds the compiled code of what ran, and reading code a command does not run costs
// time too.
//
// Node's heavier built-in modules (LAZY_BUILTINS) are handed to the bundle as stand-ins that load
// the module on first use: commander requires child_process for a feature we do not use, the
// file writers require crypto for temporary names, and most runs never reach either.
//
// A cache is only a shortcut. It is used when its header names this very bundle (the sha256 the
// build wrote on the bundle's first line), V8 version and architecture; V8 checks it again and
// refuses it on any mismatch (other V8 flags, say), and then compiles the bundle from its text as
// if there were no cache. Nothing is written at run time.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE_FILE = join(__dirname, '..', 'dist', 'cli-bundle', 'score-compose.cjs');
/** The first line of a bundle: this prefix, then the sha256 (hex) of everything after that line. */
const BUNDLE_ID_PREFIX = '// score-compose-bundle ';
/** `runtime` for the commands that only talk to the engine, `generate` for every other. */
const CODE_CACHE_PROFILES = ['generate', 'runtime'];
const RUNTIME_COMMANDS = new Set(['down', 'ps', 'port', 'logs']);

/** Built-in modules the bundle gets as stand-ins that load them on first use. */
const LAZY_BUILTINS = new Set(['child_process', 'crypto', 'https', 'zlib']);

/**
 * @typedef {{ bundle: string, v8: string, arch: string, ascii: boolean }} CodeCacheHeader
 *   `ascii`: the bundle is plain ASCII, so it is read as latin1 (no UTF-8 decoding, a one-byte string).
 */

/** @param {string} profile @returns {string} the code cache file of a profile */
function codeCachePath(profile) {
  return join(dirname(BUNDLE_FILE), `score-compose.cjs.${profile}.v8-cache`);
}

/** @param {string[]} argv @returns {string} the cache profile for a command line (global flags come first) */
function profileFor(argv) {
  const command = argv.find((a) => !a.startsWith('-'));
  return command !== undefined && RUNTIME_COMMANDS.has(command) ? 'runtime' : 'generate';
}

/** @param {Buffer} bytes @returns {string | undefined} the bundle id on the first line */
function bundleIdOf(bytes) {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, BUNDLE_ID_PREFIX.length + 80));
  const line = head.split('\n', 1)[0];
  return line.startsWith(BUNDLE_ID_PREFIX) ? line.slice(BUNDLE_ID_PREFIX.length).trim() : undefined;
}

/** @param {string} bundle @param {boolean} ascii @returns {CodeCacheHeader} the header this runtime takes */
function expectedHeader(bundle, ascii) {
  return { bundle, v8: process.versions.v8, arch: process.arch, ascii };
}

/**
 * @param {CodeCacheHeader} header @param {Buffer} data
 * @returns {Buffer} a code cache file: the header as a JSON line, then V8's data
 */
function codeCacheFile(header, data) {
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data]);
}

/**
 * @param {string} path @param {string} id
 * @returns {{ ascii: boolean, data: Buffer } | undefined} the cache at `path` if made for bundle `id` and this runtime
 */
function readCodeCache(path, id) {
  let file;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  const end = file.indexOf(10); // the end of the header line
  if (end < 0) return undefined;
  let header;
  try {
    header = JSON.parse(file.toString('utf8', 0, end));
  } catch {
    return undefined;
  }
  const want = expectedHeader(id, header?.ascii === true);
  if (header.bundle !== want.bundle || header.v8 !== want.v8 || header.arch !== want.arch) return undefined;
  return { ascii: want.ascii, data: file.subarray(end + 1) };
}

/**
 * A stand-in for the built-in module `id` that loads it when first touched: reading a property
 * (what the bundle does), listing or describing them, asking its prototype.
 * @param {NodeJS.Require} realRequire @param {string} id
 */
function lazyBuiltin(realRequire, id) {
  let real;
  const load = () => (real ??= realRequire(id));
  return new Proxy(
    {},
    {
      get: (_target, key) => load()[key],
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(load(), key);
        if (descriptor !== undefined) descriptor.configurable = true; // a proxy cannot report a fixed one it lacks
        return descriptor;
      },
      getPrototypeOf: () => Object.getPrototypeOf(load()),
    },
  );
}

/** @param {NodeJS.Require} realRequire @returns {NodeJS.Require} `realRequire`, with LAZY_BUILTINS as stand-ins */
function bundleRequire(realRequire) {
  const standIns = new Map();
  const require = (id) => {
    const name = id.startsWith('node:') ? id.slice('node:'.length) : id;
    if (!LAZY_BUILTINS.has(name)) return realRequire(id);
    if (!standIns.has(name)) standIns.set(name, lazyBuiltin(realRequire, id));
    return standIns.get(name);
  };
  return Object.assign(require, realRequire); // resolve, cache, main, extensions
}

/**
 * Compiles and runs a bundle as a CommonJS module (the build wrote the module function around its
 * code, so the file's text is compiled as read), with the code cache at `cachePath` when it fits.
 * `cacheRejected` is undefined without a usable cache, else whether V8 refused it; `script` can
 * make a new cache after a run (the build's training runs do).
 * @param {string} bundlePath @param {string | undefined} cachePath
 */
function loadBundle(bundlePath, cachePath) {
  const bytes = readFileSync(bundlePath);
  const id = bundleIdOf(bytes);
  const cache = id === undefined || cachePath === undefined ? undefined : readCodeCache(cachePath, id);
  // For ASCII text latin1 makes the same string as utf8, without decoding.
  const source = bytes.toString(cache?.ascii === true ? 'latin1' : 'utf8');
  const script = new Script(source, {
    filename: bundlePath,
    ...(cache === undefined ? {} : { cachedData: cache.data }),
  });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(
      module.exports,
      module.exports,
      bundleRequire(createRequire(bundlePath)),
      module,
      bundlePath,
      dirname(bundlePath),
    );
  return {
    /**
     * @type {{ main(argv: string[], tool?: unknown, output?: { stdout: Writer, stderr: Writer }): Promise<number> }}
     * @typedef {{ write(text: string): void }} Writer
     */
    exports: module.exports,
    script,
    cacheRejected: cache === undefined ? undefined : script.cachedDataRejected === true,
  };
}

module.exports = {
  bundleRequire,
  BUNDLE_FILE,
  BUNDLE_ID_PREFIX,
  CODE_CACHE_PROFILES,
  bundleIdOf,
  codeCacheFile,
  codeCachePath,
  expectedHeader,
  loadBundle,
  profileFor,
};

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (!existsSync(BUNDLE_FILE)) {
    // A checkout without `npm run build` (a user cloning the repository): a hint, not a stack.
    process.stderr.write(
      `Error: score-compose is not built: ${BUNDLE_FILE} is missing\n` +
        `hint: run \`npm ci && npm run build\` in ${join(__dirname, '..')}\n`,
    );
    process.exit(70);
  }
  loadBundle(BUNDLE_FILE, codeCachePath(profileFor(argv)))
    .exports.main(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
