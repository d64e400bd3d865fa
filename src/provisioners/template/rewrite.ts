// Rewrites a parsed template before compiling it (see engine.ts for why): every output
// mustache is routed through one helper that enforces strictness and prints values, and
// calls to unknown helpers are rejected at parse time as Go templates do.
import { parseFailure } from './template-errors.js';

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Location = hbs.AST.SourceLocation;

/** Internal helper every output mustache is routed through: `(value, "path", required)`. */
export const OUTPUT_HELPER = '__scoreComposeOutput';

function literal(value: string | boolean, loc: Location): Expression {
  return typeof value === 'string'
    ? ({ type: 'StringLiteral', value, original: value, loc } as hbs.AST.StringLiteral)
    : ({ type: 'BooleanLiteral', value, original: value, loc } as hbs.AST.BooleanLiteral);
}

function simpleName(path: Expression): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as PathExpression;
  return !p.data && p.depth === 0 && p.parts.length === 1 && !/^(this|\.)/.test(p.original) ? p.parts[0] : undefined;
}

/** Rewrites output mustaches (see header) and rejects calls to unknown helpers. */
export class Rewriter {
  private readonly scopes: Set<string>[] = [];
  constructor(
    private readonly name: string,
    private readonly helperNames: ReadonlySet<string>,
  ) {}

  program(program: Program | undefined): void {
    if (!program) return;
    this.scopes.push(new Set(program.blockParams ?? []));
    program.body = program.body.map((s) => this.statement(s));
    this.scopes.pop();
  }

  private isBlockParam(name: string): boolean {
    return this.scopes.some((s) => s.has(name));
  }

  private checkCall(path: Expression, hasArgs: boolean, loc: Location): void {
    const name = simpleName(path);
    if (name === undefined || !hasArgs || this.isBlockParam(name) || this.helperNames.has(name)) return;
    throw parseFailure(this.name, loc, `function "${name}" not defined`);
  }

  private expressions(list: Expression[]): void {
    for (const e of list) {
      if (e.type === 'SubExpression') {
        const sub = e as hbs.AST.SubExpression;
        this.checkCall(sub.path, true, sub.loc);
        this.expressions([...sub.params, ...(sub.hash?.pairs.map((p) => p.value) ?? [])]);
      }
    }
  }

  private statement(node: Statement): Statement {
    if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      this.checkCall(block.path, block.params.length > 0 || (block.hash?.pairs.length ?? 0) > 0, block.loc);
      this.expressions(block.params);
      this.program(block.program);
      this.program(block.inverse);
      return block;
    }
    if (node.type === 'PartialBlockStatement') {
      this.program((node as hbs.AST.PartialBlockStatement).program);
      return node;
    }
    if (node.type !== 'MustacheStatement') return node;
    const m = node as hbs.AST.MustacheStatement;
    if (m.path.type !== 'PathExpression') return m;
    const path = m.path as PathExpression;
    const hasArgs = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
    this.checkCall(path, hasArgs, m.loc);
    this.expressions([...m.params, ...(m.hash?.pairs.map((p) => p.value) ?? [])]);
    const name = simpleName(path);
    const isCall = hasArgs || (name !== undefined && this.helperNames.has(name) && !this.isBlockParam(name));
    const value: Expression = isCall
      ? ({ type: 'SubExpression', path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression)
      : path;
    const output: PathExpression = {
      type: 'PathExpression',
      data: false,
      depth: 0,
      parts: [OUTPUT_HELPER],
      original: OUTPUT_HELPER,
      loc: m.loc,
    };
    const required = !isCall && path.parts.length > 0;
    const rewritten = { ...m, path: output, params: [value, literal(path.original, m.loc), literal(required, m.loc)] };
    delete (rewritten as { hash?: unknown }).hash;
    return rewritten as hbs.AST.MustacheStatement;
  }
}

/** Parses and rewrites a template; throws `failed to parse template: ...`. */
