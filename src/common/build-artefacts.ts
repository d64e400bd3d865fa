// Build artefacts that run-time code loads synchronously: the precompiled Score validator and the
// precompiled templates (CommonJS files in dist/, written by scripts/build-validator.mjs and
// scripts/precompile-templates.mjs). The library loads them from dist/ by path. The CLI bundle
// replaces this module with one that has them built in (scripts/bundle-cli.mjs), so that they are
// part of the bundle and of its V8 code cache instead of two more files to compile on every run.
import { createRequire } from 'node:module';
import { packagePath } from './package-files.js';

const require = createRequire(import.meta.url);

/**
 * The module.exports of the artefact `file` (a path relative to the package root); throws with
 * code MODULE_NOT_FOUND when the build did not write it.
 */
export function requireArtefact(file: string): unknown {
  return require(packagePath(file));
}
