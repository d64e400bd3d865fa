/**
 * The parser of Go's text/template: a port of text/template/parse's recursive descent, with its
 * three-token lookahead (error lines come from the last token read, as in Go), variable scoping,
 * `define`/`block` definitions into a shared set, and Go 1.23's `{{else with}}`.
 */
import { describeItem, lex, type Item, type ItemType } from './lexer.js';
import { parseNumber, unquote } from './literals.js';
import {
  nodeString,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  type Tree,
  type VariableNode,
} from './nodes.js';

/** A parse failure; `message` is Go's full text (`template: name:3: unexpected ...`). */
export class TemplateParseError extends Error {
  override readonly name = 'TemplateParseError';
}

class Stop extends Error {}

type EndOrElse = { kind: 'end'; pos: number } | { kind: 'else'; pos: number; line: number };

/** Parses `text` as template `name`, adding it and every template it defines to `set`. */
export function parseInto(
  set: Map<string, Tree>,
  name: string,
  text: string,
  hasFunction: (name: string) => boolean,
): void {
  const items = lex(text, !hasFunction('break'), !hasFunction('continue'));
  const p = new Parser(items, set, name, text, hasFunction);
  try {
    p.parseTop();
  } catch (e) {
    if (e instanceof Stop) throw new TemplateParseError(e.message);
    throw e;
  }
}

/** Whether a template body is empty in Go's sense (only spaces and comments). */
export function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  switch (n.kind) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    default:
      return false;
  }
}

class Parser {
  private readonly token: Item[] = [];
  private peekCount = 0;
  private next_ = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private treeName: string;

  constructor(
    private readonly items: Item[],
    private readonly set: Map<string, Tree>,
    private readonly parseName: string,
    private readonly text: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.treeName = parseName;
  }

  private lexNext(): Item {
    const it = this.items[this.next_] ?? this.items[this.items.length - 1];
    if (this.next_ < this.items.length - 1) this.next_++;
    if (!it) throw new Error('lexer produced no items');
    return it;
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.tok(this.peekCount);
  }

  private tok(i: number): Item {
    const t = this.token[i];
    if (!t) throw new Error('parser lookahead out of range');
    return t;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.tok(this.peekCount - 1);
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.tok(0);
  }

  private nextNonSpace(): Item {
    for (;;) {
      const t = this.next();
      if (t.type !== 'space') return t;
    }
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(msg: string): never {
    throw new Stop(`template: ${this.parseName}:${this.token[0]?.line ?? 1}: ${msg}`);
  }

  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${describeItem(t)} in ${context}`);
  }

  private add(name: string, root: ListNode): void {
    const tree = this.set.get(name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.set.set(name, { name, parseName: this.parseName, text: this.text, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  parseTop(): void {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'EOF') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected {{${n.kind}}}`);
      root.nodes.push(n);
    }
    this.add(this.parseName, root);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const saved = { vars: this.vars, name: this.treeName, depth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    const tok = this.nextNonSpace();
    if (tok.type !== 'string' && tok.type !== 'rawString') this.unexpected(tok, context);
    try {
      this.treeName = unquote(tok.val);
    } catch (e) {
      this.errorf((e as Error).message);
    }
    this.expect('rightDelim', context);
    const [root, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.add(this.treeName, root);
    this.vars = saved.vars;
    this.treeName = saved.name;
    this.rangeDepth = saved.depth;
  }

  private itemList(): [ListNode, EndOrElse] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'EOF') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndOrElse {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node | EndOrElse {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
        return this.blockControl();
      case 'break':
        return this.breakControl(t, 'break');
      case 'continue':
        return this.breakControl(t, 'continue');
      case 'else':
        return this.elseControl();
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
        return this.branch('if', true);
      case 'range':
        return this.branch('range', false);
      case 'template':
        return this.templateControl();
      case 'with':
        return this.branch('with', true);
    }
    this.backup();
    const tok = this.peek();
    return { kind: 'action', pos: tok.pos, line: tok.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private breakControl(t: Item, which: 'break' | 'continue'): Node {
    const tok = this.nextNonSpace();
    if (tok.type !== 'rightDelim') this.unexpected(tok, `{{${which}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${which}}} outside {{range}}`);
    return { kind: which, pos: t.pos };
  }

  private elseControl(): EndOrElse {
    const p = this.peekNonSpace();
    // `{{else if ...}}` and `{{else with ...}}`: the branch keyword is consumed by the caller.
    if (p.type === 'if' || p.type === 'with') return { kind: 'else', pos: p.pos, line: p.line };
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos, line: t.line };
  }

  private branch(kind: 'if' | 'range' | 'with', allowElseChain: boolean): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.kind === 'else') {
        const p = this.peek();
        if (allowElseChain && p.type === kind) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.branch(kind, true)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.kind !== 'end') this.errorf(`expected end; found {{${next.kind}}}`);
        }
      }
      return { kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = { vars: this.vars, name: this.treeName, depth: this.rangeDepth };
    this.vars = ['$'];
    this.treeName = name;
    this.rangeDepth = 0;
    const [root, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.add(name, root);
    this.vars = saved.vars;
    this.treeName = saved.name;
    this.rangeDepth = saved.depth;
    return { kind: 'template', pos: tok.pos, line: tok.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', pos: tok.pos, line: tok.line, name, pipe };
  }

  private templateName(tok: Item, context: string): string {
    if (tok.type !== 'string' && tok.type !== 'rawString') this.unexpected(tok, context);
    try {
      return unquote(tok.val);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.next();
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.type === 'space') {
        this.backup3(v, afterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]?.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunction(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t.pos, t.val);
      case 'field':
        return { kind: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        try {
          return { kind: 'string', pos: t.pos, quoted: t.val, text: unquote(t.val) };
        } catch (e) {
          this.errorf((e as Error).message);
        }
    }
    this.backup();
    return undefined;
  }

  private number(t: Item): ArgNode {
    try {
      return parseNumber(t.pos, t.val, t.type === 'charConstant');
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private useVar(pos: number, name: string): VariableNode {
    const v: VariableNode = { kind: 'variable', pos, ident: name.split('.') };
    if (!this.vars.includes(v.ident[0] ?? '')) this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
    return v;
  }
}
