#!/usr/bin/env node
// Build step: bundles the CLI into dist/cli-bundle/score-compose.js (plus chunks that only the commands
// needing them load: the Docker runtime, the generate pipeline). Loading one file instead of a
// few hundred small modules, ours and yaml's, is a measurable part of start-up (bench/README.md).
// dockerode and ajv stay outside: dockerode is imported on demand by the runtime, and ajv is
// not needed at all once the precompiled validator exists. The library (dist/index.js) is the
// unbundled tsc output.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/cli-bundle';
rmSync(outdir, { recursive: true, force: true }); // chunk names carry hashes: drop old ones
await build({
  entryPoints: { 'score-compose': 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['dockerode', 'ajv'],
  // Bundled CommonJS packages (yaml's node build, handlebars) call require for node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
