#!/usr/bin/env node
// Build step (after tsc, which it imports from): writes dist/provisioners/template/precompiled-templates.cjs,
// the shipped templates (default provisioners, partials) rewritten and precompiled by Handlebars,
// keyed by the sha256 of their text, so `generate` does not parse and compile them on every run.
// It is a separate CommonJS file rather than part of the CLI bundle because the engine renders
// synchronously and so loads it with require(); the unbundled library (dist/index.js) shares it.
// The engine only uses it for byte-identical text and falls back to compiling when it is absent.
import { writeFileSync } from 'node:fs';
import { defaultTemplateSources, precompiledModuleSource } from '../dist/provisioners/template/precompile.js';
import { PRECOMPILED_TEMPLATES_FILE } from '../dist/provisioners/template/precompiled-table.js';

const sources = await defaultTemplateSources();
const code = precompiledModuleSource(sources, (name, err) => {
  // Left out of the table: the template fails at run time with the usual message.
  console.warn(
    `precompile-templates: ${name} does not compile, left out: ${err instanceof Error ? err.message : String(err)}`,
  );
});
writeFileSync(new URL(`../${PRECOMPILED_TEMPLATES_FILE}`, import.meta.url), code);
