#!/usr/bin/env node
// Build step: bundles the CLI into one CommonJS file, dist/cli-bundle/score-compose.cjs, then has
// scripts/train-code-cache.mjs make its V8 code caches. bin/score-compose.js loads the bundle with
// them. The library (dist/index.js) is the unbundled tsc output.
//
// Why this shape (bench/README.md has the measurements):
// - One file, not a few hundred small modules (ours, yaml's, dockerode's): no module resolution,
//   and one compile. Commands still load lazily: esbuild turns each `await import()` of the
//   sources into a function that evaluates that part of the bundle on first use, and a package
//   that is only required inside a function is evaluated when that function first runs.
// - CommonJS, because Node 20 can cache compiled code only for scripts (vm.Script cachedData),
//   not for ES modules, and has no compile cache of its own.
// - The build artefacts (the precompiled validator and templates) are built in, so the code
//   cache covers them too (see src/common/build-artefacts.ts).
// - dockerode is built in without what it loads at the top of its modules and we rarely or
//   never use: ssh2 (an ssh:// DOCKER_HOST), @grpc/* and protobufjs (BuildKit sessions) and
//   tar-fs (build contexts given as directories; we send our own tar stream). Each is replaced by
//   a stub that loads the real module from node_modules on first use (LAZY_PARTS below).
// - The text is plain ASCII, so the loader can read it as latin1, without UTF-8 decoding.
// - Minified: every byte of the bundle is read, decoded and kept on every run, and minifying
//   halves them (about 10 ms of a cold `generate`). Stack traces of internal errors are mapped
//   back to the sources with the source map written beside the bundle (src/cli/source-map.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { BUNDLE_FILE: outfile, BUNDLE_ID_PREFIX } = createRequire(import.meta.url)('../bin/score-compose.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = dirname(outfile);

// The parts of dockerode (and its docker-modem) loaded on first use instead of with dockerode:
// `importer` requires `request`; the stub loads `real`, resolved the way the importer would
// (from dockerode's own location), when first called or touched.
const LAZY_PARTS = [
  // ssh2: only for an ssh:// engine. docker-modem calls this to make the HTTP agent.
  { importer: 'docker-modem/lib/modem.js', request: './ssh', real: 'docker-modem/lib/ssh.js', shape: 'function' },
  // @grpc/grpc-js and @grpc/proto-loader: BuildKit sessions (buildImage with version "2").
  { importer: 'dockerode/lib/docker.js', request: './session', real: 'dockerode/lib/session.js', shape: 'function' },
  // protobufjs: decoding BuildKit progress; dockerode requires this inside the functions using it.
  { importer: 'dockerode/lib/docker.js', request: './buildkit', real: 'dockerode/lib/buildkit.js', shape: 'module' },
  // tar-fs (and its tar-stream, pump, ...): packing a build context given as a directory.
  { importer: 'dockerode/lib/util.js', request: 'tar-fs', real: 'tar-fs', shape: 'object' },
];
// None of these may end up in the bundle.
const NOT_BUNDLED = ['ssh2', 'cpu-features', '@grpc/', 'protobufjs', 'tar-fs'];

function lazySource({ real, shape }) {
  // `require` is the bundle's (the loader passes createRequire(<bundle>)): resolve dockerode from
  // the package, then the part from dockerode's directory, as dockerode's own require would.
  const load = `function load() {
  if (loaded === undefined) {
    var dockerode = 'dockerode', part = ${JSON.stringify(real)};
    var from = require('node:path').dirname(require.resolve(dockerode));
    loaded = require(require.resolve(part, { paths: [from] }));
  }
  return loaded;
}`;
  const exportsBy = {
    function: 'module.exports = function () { return load().apply(this, arguments); };',
    module: 'module.exports = load();',
    object: 'module.exports = new Proxy({}, { get: function (_t, key) { return load()[key]; } });',
  };
  return `var loaded;\n${load}\n${exportsBy[shape]}\n`;
}

const matched = new Set();
const lazyDockerode = {
  name: 'lazy-dockerode-parts',
  setup(b) {
    b.onResolve({ filter: /^(\.\/ssh|\.\/session|\.\/buildkit|tar-fs)$/ }, (args) => {
      const importer = args.importer.replaceAll('\\', '/');
      const part = LAZY_PARTS.find((p) => p.request === args.path && importer.endsWith(`/node_modules/${p.importer}`));
      if (part === undefined) return undefined;
      matched.add(part);
      return { path: part.real, namespace: 'lazy-part', pluginData: part };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({
      contents: lazySource(args.pluginData),
      loader: 'js',
    }));
  },
};

// src/common/build-artefacts.ts, with the artefacts built in (read lazily, on first call).
const ARTEFACTS = ['dist/score/schema-validator.cjs', 'dist/provisioners/template/precompiled-templates.cjs'];
const builtInArtefacts = {
  name: 'built-in-artefacts',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]common[\\/]build-artefacts\.ts$/ }, () => {
      const cases = ARTEFACTS.map((f) => `    case ${JSON.stringify(f)}: return require(${JSON.stringify(root + f)});`);
      return {
        contents: `import { packagePath } from './package-files.js';
export function requireArtefact(file) {
  switch (file) {
${cases.join('\n')}
    default: return require(packagePath(file));
  }
}
`,
        loader: 'js',
        resolveDir: `${root}src/common`,
      };
    });
  },
};

// ajv itself is never loaded once the precompiled validator is built in (it stays external, for
// the fallback that compiles the schema); the one small runtime module the validator requires is
// built in, which spares a module resolution through node_modules (~2 ms) on every run.
const AJV_RUNTIME = /^ajv\/dist\/runtime\/ucs2length(?:\.js)?$/;
const ajvRuntimeOnly = {
  name: 'ajv-runtime-only',
  setup(b) {
    b.onResolve({ filter: /^ajv(?:\/|$)/ }, (args) =>
      AJV_RUNTIME.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // supports-color is an optional extra of `debug` (docker-modem's), required inside a try.
  external: ['supports-color'],
  plugins: [lazyDockerode, builtInArtefacts, ajvRuntimeOnly],
  // The sources are ES modules; in the bundle, import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  // The bundle is the body of a CommonJS module function, written out so that the loader
  // compiles the file's text as it is (see bin/score-compose.js).
  banner: {
    js: '(function (exports, require, module, __filename, __dirname) {"use strict";\nvar __bundleUrl = require(\'node:url\').pathToFileURL(__filename).href;',
  },
  footer: { js: '})' },
  // Minified, with a source map beside it (not read at run time; see src/cli/source-map.ts).
  minify: true,
  sourcemap: 'external',
  sourcesContent: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const inputs = Object.keys(result.metafile.inputs);
const leaked = inputs.filter((i) => NOT_BUNDLED.some((m) => i.includes(`node_modules/${m}`)));
if (leaked.length > 0) throw new Error(`bundle-cli: these must load lazily but were bundled: ${leaked.join(', ')}`);
const unmatched = LAZY_PARTS.filter((p) => !matched.has(p));
if (unmatched.length > 0)
  throw new Error(`bundle-cli: dockerode changed? no require of ${unmatched.map((p) => p.request).join(', ')} found`);

const dynamic = Object.values(result.metafile.outputs).flatMap((o) =>
  o.imports.filter((i) => i.kind === 'dynamic-import'),
);
if (dynamic.length > 0)
  throw new Error(
    `bundle-cli: import() of ${dynamic.map((i) => i.path).join(', ')} left in the bundle; a vm.Script cannot run it`,
  );

// esbuild escapes non-ASCII characters in strings, template literals and names, but not in the
// comments it keeps: those are escaped here. Anything else left (a regular expression or tagged
// template literal) keeps the bundle UTF-8, which is read more slowly: the build says where.
const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix));
const lines = output('.cjs').text.split('\n');
const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
for (const [i, line] of lines.entries()) {
  if (!/[^\x00-\x7f]/.test(line)) continue; // eslint-disable-line no-control-regex
  if (/^\s*(?:\/\/|\/\*|\*)/.test(line))
    lines[i] = line.replace(/[^\x00-\x7f]/g, escape); // eslint-disable-line no-control-regex
  else console.warn(`bundle-cli: non-ASCII text in code, the bundle is read as UTF-8 (slower): ${line.trim()}`);
}
const body = lines.join('\n');
const id = createHash('sha256').update(body).digest('hex');
writeFileSync(outfile, `${BUNDLE_ID_PREFIX}${id}\n${body}`);
// The id line comes before the code the map describes: one more (empty) line at the start.
const map = JSON.parse(output('.cjs.map').text);
writeFileSync(`${outfile}.map`, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));

const train = spawnSync(process.execPath, [`${root}scripts/train-code-cache.mjs`], { stdio: 'inherit' });
if (train.status !== 0) throw new Error('bundle-cli: making the code cache failed (scripts/train-code-cache.mjs)');
