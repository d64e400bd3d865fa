// The table of templates precompiled at build time (scripts/precompile-templates.mjs): the
// default provisioners' templates and the shipped partials, keyed by the sha256 of their
// source text. Parsing, rewriting and compiling them cost ~50 ms of every `generate`, for
// text that never changes between runs.
//
// The table is a CommonJS module of plain JavaScript (each spec is the code Handlebars'
// precompiler emits), loaded once from the package's own dist/ folder (the CLI bundle has it
// built in, see common/build-artefacts.ts), never from the user's project: nothing is evaluated
// from text read at run time. It is a build artefact rather than a source because renderTemplate
// is synchronous, so the load must be a synchronous require(), and because src/ then holds no
// generated code that could go stale in tests.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { requireArtefact } from '../../common/build-artefacts.js';

/** Precompiled specs (Handlebars' template specification objects) by sha256 of the source. */
export type PrecompiledTable = Readonly<Record<string, unknown>>;

/** The file the build writes, relative to the package root. */
export const PRECOMPILED_TEMPLATES_FILE = 'dist/provisioners/template/precompiled-templates.cjs';

const require = createRequire(import.meta.url);

/** The table key of a template: the hex sha256 of its source text, exactly as rendered. */
export function templateDigest(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

function asTable(table: unknown, file: string): PrecompiledTable {
  if (typeof table !== 'object' || table === null || Array.isArray(table))
    throw new Error(`${file}: not a precompiled template table`);
  return table as PrecompiledTable;
}

/** Loads a table module written by precompiledModuleSource(); throws when it is malformed. */
export function loadPrecompiledTable(file: string): PrecompiledTable {
  return asTable(require(file), file);
}

/** The table the build shipped with this package, or an empty one (everything compiles at run time). */
export function loadShippedTable(): PrecompiledTable {
  // Running from the TypeScript sources (tests, development): a table in dist/ may predate
  // an edit of the rewrite or the helpers, so it is not used.
  if (import.meta.url.endsWith('.ts')) return {};
  try {
    return asTable(requireArtefact(PRECOMPILED_TEMPLATES_FILE), PRECOMPILED_TEMPLATES_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    return {};
  }
}
