// Which template language a provisioner entry or patch template is written in: Handlebars (ours)
// or Go text/template with sprig (score-compose's). Decided from the text alone, without loading
// either engine, so choosing costs nothing on the default path (docs/template-helpers.md).
//
// Every mustache is looked at on its own (string literals blanked first):
//   - Go only: a leading `.` or `$` (`{{ .State.x }}`, `{{ $v := ... }}`), a pipe `|`, trim markers
//     `{{-`/`-}}`, a Go comment `{{/* */}}`, the keywords if/range/with/end/define/template/block/...;
//   - Handlebars only: `{{#`, `{{/`, `{{^`, `{{>`, `{{!`, `{{~`/`~}}`, `this`, `@key`,
//     `../`, block params `as |x|`, and a bare field name or path such as `Id` or `State.x` (Go
//     would read `State` as a function name, and no Go or sprig function name is capitalised);
//   - both read `{{ name }}`, `{{ f "x" }}` and `{{else}}` alike.
// A provisioner entry takes one engine for all its template fields. Evidence of one language
// decides; evidence of both is an error naming a field of each; none (plain text, `{{ x }}`) is
// Handlebars, as before. The author can say which explicitly: `template_engine: go|handlebars` on
// a provisioner entry, or a first-line comment in a patch template, `{{/* engine: go */}}` or
// `{{!-- engine: handlebars --}}` (each a comment in its own language).
import { userError } from '../../common/errors.js';
import { findGoSyntax, withoutStrings } from './go-syntax.js';

/** The two template languages. */
export type TemplateEngine = 'go' | 'handlebars';

/** One mustache that only one language has, and where it is. */
export interface SyntaxEvidence {
  engine: TemplateEngine;
  line: number;
  col: number;
  snippet: string;
  reason: string;
}

const MUSTACHE = /\{\{(\{?)([\s\S]*?)\}?\}\}/g;

function handlebarsReason(inner: string): string | undefined {
  if (/^-?\s*\/\*/.test(inner)) return undefined; // a Go comment
  if (/^~/.test(inner) || /~$/.test(inner)) return 'Handlebars whitespace control `{{~`/`~}}`';
  const lead = /^\s*([#^>!]|\/(?!\*))/.exec(inner)?.[1];
  if (lead !== undefined) {
    const what: Record<string, string> = {
      '#': 'block',
      '^': 'inverse block',
      '>': 'partial',
      '!': 'comment',
    };
    return `a Handlebars ${what[lead] ?? 'block end'} \`{{${lead}\``;
  }
  const code = withoutStrings(inner);
  if (/(^|[\s(])this\b/.test(code)) return 'Handlebars `this`';
  if (/(^|[\s(])@[A-Za-z]/.test(code)) return 'a Handlebars data variable `@...`';
  if (/(^|[\s(])\.\.\//.test(code)) return 'a Handlebars parent path `../`';
  if (/\bas\s+\|/.test(code)) return 'Handlebars block parameters `as |...|`';
  if (/(^|[\s(])[A-Za-z_][\w-]*\.[A-Za-z_\d]/.test(code)) return 'a Handlebars path without a leading `.`';
  // Go reads a bare name as a function, and sprig's and Go's are all lower case: `Id` is data.
  if (/(^|[\s(])[A-Z]\w*(?=$|[\s)])/.test(code)) return 'a Handlebars field name without a leading `.`';
  return undefined;
}

function positionOf(source: string, index: number): { line: number; col: number } {
  const before = source.slice(0, index);
  return { line: before.split('\n').length, col: index - (before.lastIndexOf('\n') + 1) + 1 };
}

function snippetOf(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The first mustache only Handlebars has, if any. */
function findHandlebarsSyntax(source: string): SyntaxEvidence | undefined {
  for (const match of source.matchAll(MUSTACHE)) {
    const reason = handlebarsReason(match[2] ?? '');
    if (reason !== undefined)
      return { engine: 'handlebars', ...positionOf(source, match.index), snippet: snippetOf(match[0]), reason };
  }
  return undefined;
}

/** What the text of one template shows: evidence for each language it uses. */
export function syntaxEvidence(source: string): { go?: SyntaxEvidence; handlebars?: SyntaxEvidence } {
  const go = findGoSyntax(source);
  const handlebars = findHandlebarsSyntax(source);
  return {
    ...(go === undefined ? {} : { go: { engine: 'go', ...go } }),
    ...(handlebars === undefined ? {} : { handlebars }),
  };
}

/** The engine chosen for a template (or a provisioner entry), and why. */
export interface EngineChoice {
  engine: TemplateEngine;
  /** `explicit` (the author said), `detected` (syntax of one language), `default` (nothing to tell). */
  how: 'explicit' | 'detected' | 'default';
}

/** Reads an explicit engine setting; throws for anything but `go` or `handlebars`. */
export function parseEngineName(value: string, where: string): TemplateEngine {
  const engine = value.trim().toLowerCase();
  if (engine === 'go' || engine === 'handlebars') return engine;
  throw userError('input', `${where}: unknown template engine '${value}'`, { hint: 'use go or handlebars' });
}

function describe(field: string, e: SyntaxEvidence): string {
  return `${field}:${e.line}:${e.col}: ${e.snippet} (${e.reason})`;
}

/**
 * The engine for templates that must share one (a provisioner entry's fields, keyed by field
 * name). `explicit` wins; otherwise one language's syntax decides, and both is an error.
 */
export function chooseEngine(templates: Record<string, string>, explicit?: TemplateEngine): EngineChoice {
  if (explicit !== undefined) return { engine: explicit, how: 'explicit' };
  let go: [string, SyntaxEvidence] | undefined;
  let handlebars: [string, SyntaxEvidence] | undefined;
  for (const [field, text] of Object.entries(templates)) {
    const found = syntaxEvidence(text);
    if (found.go && !go) go = [field, found.go];
    if (found.handlebars && !handlebars) handlebars = [field, found.handlebars];
  }
  if (go && handlebars) {
    throw userError(
      'input',
      `templates mix Go and Handlebars syntax: ${describe(...go)} is Go, ${describe(...handlebars)} is Handlebars`,
      { hint: 'write every template of the entry in one language, or say which with template_engine: go|handlebars' },
    );
  }
  if (go) return { engine: 'go', how: 'detected' };
  if (handlebars) return { engine: 'handlebars', how: 'detected' };
  return { engine: 'handlebars', how: 'default' };
}

// A first-line marker: `{{/* engine: go */}}` (a Go comment) or `{{!-- engine: handlebars --}}` /
// `{{! engine: handlebars }}` (Handlebars comments), trim markers allowed.
const MARKER = /^\s*\{\{-?\s*(?:\/\*\s*engine:\s*([\w-]+)\s*\*\/|!(?:--)?\s*engine:\s*([\w-]+)\s*(?:--)?)\s*-?\}\}/;

/** The engine of a patch template (or any single template): its first-line marker, else its syntax. */
export function chooseTemplateEngine(text: string, name: string): EngineChoice {
  const marker = MARKER.exec(text);
  const named = marker?.[1] ?? marker?.[2];
  if (named !== undefined) return { engine: parseEngineName(named, name), how: 'explicit' };
  try {
    return chooseEngine({ [name]: text });
  } catch (err) {
    throw userError('input', (err as Error).message, {
      hint: 'write the template in one language, or start it with {{/* engine: go */}} or {{!-- engine: handlebars --}}',
    });
  }
}
