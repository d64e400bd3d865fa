/**
 * The engine's entry point: parse a Go template (with its `define`d templates) against a function
 * map, then execute it on data, as `template.New(name).Funcs(funcs).Option("missingkey=...").Parse(text)`.
 */
import { BUILTINS } from './builtins.js';
import { executeTemplate, type MissingKey } from './exec.js';
import type { FuncMap } from './function.js';
import type { Tree } from './nodes.js';
import { parseInto } from './parser.js';
import { toGoValue } from './values.js';

/** Options of a parsed template. */
export interface GoTemplateOptions {
  /** The template's name, shown in errors (score-compose uses ""). */
  readonly name?: string;
  /** Functions beside the builtins (they win over a builtin of the same name, as in Go). */
  readonly funcs?: FuncMap;
  /** Go's missingkey option; `default` prints `<no value>`. */
  readonly missingKey?: MissingKey;
}

/** A parsed template set, ready to execute. */
export class GoTemplate {
  private constructor(
    private readonly name: string,
    private readonly templates: ReadonlyMap<string, Tree>,
    private readonly funcs: FuncMap,
    private readonly missingKey: MissingKey,
  ) {}

  /** Parses `text`; throws `TemplateParseError` with Go's message. */
  static parse(text: string, options: GoTemplateOptions = {}): GoTemplate {
    const name = options.name ?? '';
    const funcs = options.funcs ?? new Map();
    const set = new Map<string, Tree>();
    parseInto(set, name, text, (f) => funcs.has(f) || BUILTINS.has(f));
    return new GoTemplate(name, set, funcs, options.missingKey ?? 'default');
  }

  /** Executes the template on `data` (plain data or Go values); throws `TemplateExecError` with Go's message. */
  execute(data: unknown): string {
    const ctx = { templates: this.templates, funcs: this.funcs, builtins: BUILTINS, missingKey: this.missingKey };
    return executeTemplate(ctx, this.name, toGoValue(data));
  }
}
