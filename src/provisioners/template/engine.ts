// The one module that imports handlebars. Templates render with an isolated instance
// (no global helpers or partials leak in or out), `noEscape` (we emit YAML, not HTML), no
// prototype access, and compiled templates cached by their source text.
//
// Strictness. Handlebars' own `strict: true` throws for a missing field anywhere, including
// inside `{{#if Params.x}}` or `{{default "d" State.x}}`, and then a missing intermediate
// (`State.x.y` with no `x`) surfaces as a raw JavaScript TypeError. So optional lookups would
// be impossible. We compile without it and rewrite every plain output mustache instead:
//   - `{{ State.name }}` (a value printed as-is) throws `"State.name" is not defined` when
//     the value is missing, naming the template position: typos fail loudly;
//   - anything handed to a helper or block (`{{#if Params.x}}`, `{{dig "k" "d" State}}`,
//     `{{default "d" Params.x}}`) is looked up leniently: missing is just `undefined`.
// An explicit null prints as an empty string; lists and maps print as compact JSON (valid
// YAML flow syntax). Helper calls to unknown names fail when the template is parsed.
// The rewrite itself is in rewrite.ts; error wording in template-errors.ts.
//
// Templates whose exact text the build precompiled (the default provisioners and partials,
// see precompiled-table.ts) skip parsing, rewriting and compiling: the build ran this same
// prepare() on the same text, so the result, its errors and its strictness are the same.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as HandlebarsModule from 'handlebars';
import { packagePath } from '../../common/package-files.js';
import { ScoreComposeError } from '../../common/errors.js';
import { findGoSyntax, GO_SYNTAX_HINT } from './go-syntax.js';
import { loadShippedTable, type PrecompiledTable, templateDigest } from './precompiled-table.js';
import { OUTPUT_HELPER, Rewriter } from './rewrite.js';
import { describeParseError, prefixed } from './template-errors.js';
import { type Helper, type HelperOptions, templateHelpers } from './helpers.js';
import { formatValue, stableJson } from './helpers/values.js';

type Program = hbs.AST.Program;

const BLOCK_HELPERS = new Set(['if', 'unless', 'with', 'each', 'eachSorted']);
const COMPILE_OPTIONS = { noEscape: true, strict: false, preventIndent: false } as const;
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

/** A helper failed; carries the template position for the error message. */
class HelperFailure extends Error {
  constructor(
    message: string,
    readonly loc: { line: number; column: number } | undefined,
    readonly hint?: string,
  ) {
    super(message);
  }
}

// handlebars is CommonJS: its default import is module.exports. A static import (not
// require) lets the CLI bundle include it.
const Handlebars = (HandlebarsModule as unknown as { default: typeof import('handlebars') }).default;
const hb = Handlebars.create();
const helperNames = new Set<string>([...Object.keys(templateHelpers), 'lookup']);
const cache = new Map<string, Compiled>();
let partialsDir: string = packagePath('templates/partials/');
let partialsLoaded = false;
const registeredPartials = new Set<string>();
let precompiled: PrecompiledTable | undefined; // loaded on first compile
const counts = { precompiled: 0, compiled: 0 };

function locOf(args: unknown[]): { line: number; column: number } | undefined {
  return (args[args.length - 1] as HelperOptions | undefined)?.loc?.start;
}

/** Adds the call position to a helper's errors (`error calling dig: ...`). */
function located(name: string, fn: Helper): Helper {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (err) {
      if (err instanceof HelperFailure) throw err;
      throw new HelperFailure(
        `error calling ${name}: ${err instanceof Error ? err.message : String(err)}`,
        locOf(args),
      );
    }
  };
}

function outputHelper(value: unknown, path: unknown, required: unknown, options: HelperOptions): string {
  if (value === undefined && required === true) {
    throw new HelperFailure(
      `"${String(path)}" is not defined`,
      options.loc?.start,
      `for an optional value use {{#if ${String(path)}}}…{{/if}} or {{default "<fallback>" ${String(path)}}}`,
    );
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return stableJson(value);
  return formatValue(value);
}

// Our helpers are not registered on the instance but handed to each template call, and only
// those the template names (see helpersOf): Handlebars wraps every helper it is given on every
// call, which with all of ours cost more than rendering the default provisioners' 30-odd small
// templates in a `generate` (bench/README.md).
// Block helpers render nested content, whose errors must keep their own position: not wrapped.
const ownHelpers: Record<string, Helper> = Object.fromEntries(
  Object.entries(templateHelpers).map(([name, fn]) => [name, BLOCK_HELPERS.has(name) ? fn : located(name, fn)]),
);
ownHelpers[OUTPUT_HELPER] = outputHelper as Helper;
hb.registerHelper('helperMissing', function (...args: unknown[]) {
  const options = args[args.length - 1] as HelperOptions;
  throw new HelperFailure(`function "${options.name ?? '?'}" not defined`, options.loc?.start);
});
hb.unregisterHelper('log'); // would write to the console

function prepare(source: string, name: string): Program {
  const go = findGoSyntax(source);
  if (go) {
    throw new ScoreComposeError(
      'provision',
      `failed to parse template: ${prefixed(name, go.line, go.col, `${go.snippet} is Go template syntax (${go.reason}): this file was written for the Go score-compose and must be re-authored in Handlebars`)}`,
      { hint: GO_SYNTAX_HINT, location: { file: name, line: go.line, col: go.col } },
    );
  }
  let ast: Program;
  try {
    ast = hb.parse(source);
  } catch (err) {
    throw describeParseError(err, name);
  }
  new Rewriter(name, helperNames).program(ast);
  return ast;
}

/**
 * The names of our helpers that `ast` can call: every one-part path in it that names one (a
 * superset: `{{ x }}` counts even where `x` is data). All of them when it includes a partial,
 * which runs with its caller's helpers.
 */
function helpersOf(ast: Program): string[] {
  const names = new Set<string>();
  let partial = false;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: unknown; parts?: unknown };
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') partial = true;
    if (n.type === 'PathExpression' && Array.isArray(n.parts) && typeof n.parts[0] === 'string') names.add(n.parts[0]);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  visit(ast);
  const all = Object.keys(ownHelpers);
  return partial ? all : all.filter((name) => names.has(name));
}

/** A template function and the helpers it is called with. */
interface Compiled {
  render: HandlebarsTemplateDelegate;
  helpers: Record<string, Helper>;
}

function compiled(render: HandlebarsTemplateDelegate, names: readonly string[] | undefined): Compiled {
  const helpers = names === undefined ? ownHelpers : Object.fromEntries(names.map((n) => [n, ownHelpers[n]!]));
  return { render, helpers };
}

/** The build's spec for exactly this text, if it was made by this Handlebars' compiler revision. */
function precompiledSpec(source: string): TemplateSpecification | undefined {
  precompiled ??= loadShippedTable();
  const digest = templateDigest(source);
  const spec = Object.hasOwn(precompiled, digest)
    ? (precompiled[digest] as { compiler?: unknown; main?: unknown })
    : undefined;
  // Another revision would make hb.template throw (or behave differently): compile instead.
  const current = (hb as unknown as { COMPILER_REVISION: number }).COMPILER_REVISION;
  if (!spec || !Array.isArray(spec.compiler) || spec.compiler[0] !== current || typeof spec.main !== 'function')
    return undefined;
  return spec as TemplateSpecification;
}

/** The template function for `source`: from the precompiled table when it holds this exact text. */
function compileTemplate(source: string, name: string): Compiled {
  const spec = precompiledSpec(source);
  if (spec) {
    counts.precompiled++;
    const names = (spec as { scoreHelpers?: unknown }).scoreHelpers;
    return compiled(hb.template(spec), Array.isArray(names) ? (names as string[]) : undefined);
  }
  counts.compiled++;
  const ast = prepare(source, name);
  return compiled(hb.compile(ast, COMPILE_OPTIONS), helpersOf(ast));
}

/**
 * Registers every `*.hbs` file of the partials directory once, by base name. Each is
 * compiled on first use, so a broken partial only fails the templates that include it.
 */
function ensurePartials(): void {
  if (partialsLoaded) return;
  partialsLoaded = true;
  let files: string[];
  try {
    files = readdirSync(partialsDir)
      .filter((f) => f.endsWith('.hbs'))
      .sort();
  } catch {
    return; // no partials shipped
  }
  for (const file of files) {
    const name = basename(file, '.hbs');
    const path = join(partialsDir, file);
    let template: Compiled | undefined;
    // Called with the caller's options, helpers included (a caller of a partial has all of ours).
    const partial = (context: unknown, options?: Handlebars.RuntimeOptions): string => {
      template ??= compileTemplate(readFileSync(path, 'utf8'), `partial ${name}`);
      return template.render(context, options);
    };
    hb.registerPartial(name, partial as unknown as HandlebarsTemplateDelegate);
    registeredPartials.add(name);
  }
}

/** Uses another partials directory (tests, embedders); its files are registered on next render. */
export function usePartialsDirectory(dir: string | URL): void {
  for (const name of registeredPartials) hb.unregisterPartial(name);
  registeredPartials.clear();
  partialsDir = typeof dir === 'string' ? dir : fileURLToPath(dir);
  partialsLoaded = false;
}

/**
 * Uses `table` for precompiled templates (null: compile everything at run time) instead of
 * the one the build shipped; forgets every compiled template and partial. For tests.
 */
export function usePrecompiledTemplates(table: PrecompiledTable | null): void {
  precompiled = table ?? {};
  cache.clear();
  usePartialsDirectory(partialsDir);
}

/** How many templates (and partials) were taken from the precompiled table, and how many compiled at run time. */
export function templateCompileCounts(): { precompiled: number; compiled: number } {
  return { ...counts };
}

/**
 * The JavaScript source of `source`'s precompiled spec (for the build), with the names of the
 * helpers it calls as `scoreHelpers`; throws as renderTemplate would.
 */
export function precompileTemplate(source: string, name: string): string {
  const ast = prepare(source, name);
  // Handlebars' typings say this returns a spec object; without `srcName` it returns the code as a string.
  const spec = hb.precompile(ast, COMPILE_OPTIONS) as unknown as string;
  return `Object.assign(${spec}, { scoreHelpers: ${JSON.stringify(helpersOf(ast))} })`;
}

/** Checks that `source` parses and calls only known helpers, without rendering it. */
export function checkTemplate(source: string, name: string): void {
  prepare(source, name);
}

/**
 * Renders `source` with `data`. Throws ScoreComposeError('provision') whose message starts
 * with `failed to parse template: ` or `failed to execute template: `, then `<name>:line:col`.
 */
export function renderTemplate(source: string, data: unknown, name: string): string {
  ensurePartials();
  const template = cache.get(source) ?? compileTemplate(source, name);
  cache.set(source, template);
  try {
    return template.render(data, { ...RUNTIME_OPTIONS, helpers: template.helpers });
  } catch (err) {
    if (err instanceof ScoreComposeError) throw err;
    if (err instanceof HelperFailure) {
      const col = err.loc === undefined ? undefined : err.loc.column + 1;
      throw new ScoreComposeError(
        'provision',
        `failed to execute template: ${prefixed(name, err.loc?.line, col, err.message)}`,
        {
          ...(err.hint === undefined ? {} : { hint: err.hint }),
          ...(err.loc === undefined
            ? {}
            : { location: { file: name, line: err.loc.line, ...(col === undefined ? {} : { col }) } }),
        },
      );
    }
    const e = err as { message?: string; lineNumber?: number; column?: number };
    const text = (e.message ?? String(err)).replace(/ - \d+:\d+$/, '');
    const col = e.column === undefined ? undefined : e.column + 1;
    throw new ScoreComposeError('provision', `failed to execute template: ${prefixed(name, e.lineNumber, col, text)}`, {
      cause: err,
    });
  }
}
