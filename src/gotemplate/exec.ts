/**
 * The executor of Go's text/template, following exec.go step for step: how commands, fields, chains
 * and variables are evaluated, how arguments are converted to a function's parameter types, where a
 * nil interface becomes "no value", and the error messages with their `name:line:col` context.
 */
import { formatValue, sprint } from './format.js';
import { GoCallError, type FuncMap, type TemplateFunction } from './function.js';
import { nodeString, type AnyNode, type ArgNode, type BranchNode, type CommandNode, type FieldNode } from './nodes.js';
import type {
  ChainNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  Tree,
  VariableNode,
} from './nodes.js';
import { isTruthy } from './truth.js';
import {
  ANY,
  GoFunc,
  GoMap,
  GoNumber,
  GoSlice,
  GoStruct,
  canBeNil,
  float64,
  goTypeOf,
  isIntKind,
  isUintKind,
  kindOf,
  sortedEntries,
  zeroOf,
  type GoValue,
} from './values.js';

/** What a missing map key gives: Go's `missingkey=` option (score-compose leaves it at `default`). */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** An execution failure; `message` is Go's full text (`template: name:3:14: executing "name" at <.x>: ...`). */
export class TemplateExecError extends Error {
  override readonly name = 'TemplateExecError';
}

/** What an execution needs besides the data. */
export interface ExecContext {
  readonly templates: ReadonlyMap<string, Tree>;
  readonly funcs: FuncMap;
  readonly builtins: FuncMap;
  readonly missingKey: MissingKey;
}

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;

class WalkBreak {}
class WalkContinue {}

/** Go stops at 100000 nested template calls; JavaScript's stack is smaller. */
const MAX_EXEC_DEPTH = 1000;

interface Variable {
  readonly name: string;
  value: GoValue;
}

/** Executes template `name` with `data`, returning the text it writes. */
export function executeTemplate(ctx: ExecContext, name: string, data: GoValue): string {
  const tree = ctx.templates.get(name);
  const out: string[] = [];
  const state = new State(ctx, name, tree, out, [{ name: '$', value: data }], 0);
  if (tree === undefined) {
    throw new TemplateExecError(`template: ${name}: ${JSON.stringify(name)} is an incomplete or empty template`);
  }
  state.walk(data, tree.root);
  return out.join('');
}

/** The position of a node as Go prints it: `parseName:line:byteColumn`. */
function location(tree: Tree, pos: number): string {
  const before = tree.text.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1), 'utf8');
  return `${tree.parseName}:${line}:${col}`;
}

class State {
  private node: AnyNode | undefined;

  constructor(
    private readonly ctx: ExecContext,
    private readonly name: string,
    private readonly tree: Tree | undefined,
    private readonly out: string[],
    private vars: Variable[],
    private readonly depth: number,
  ) {}

  private at(node: AnyNode): void {
    this.node = node;
  }

  private errorf(msg: string): never {
    if (this.node === undefined || this.tree === undefined) {
      throw new TemplateExecError(`template: ${this.name}: ${msg}`);
    }
    const loc = location(this.tree, this.node.pos);
    throw new TemplateExecError(
      `template: ${loc}: executing ${JSON.stringify(this.name)} at <${nodeString(this.node)}>: ${msg}`,
    );
  }

  private push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: GoValue, node: Node): void {
    this.at(node);
    switch (node.kind) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw new WalkBreak();
      case 'continue':
        throw new WalkContinue();
      case 'comment':
        return;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.out.push(node.text);
        return;
    }
  }

  private walkIfOrWith(dot: GoValue, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTruthy(val)) this.walk(node.kind === 'with' ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: GoValue, r: BranchNode): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const oneIteration = (index: GoValue, elem: GoValue): boolean => {
        if (r.pipe.decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(r.pipe.decl[0]?.ident[0] ?? '', elem);
          else this.setTopVar(1, elem);
        }
        if (r.pipe.decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(r.pipe.decl[1]?.ident[0] ?? '', index);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e instanceof WalkContinue) return true;
          if (e instanceof WalkBreak) return false;
          throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      if (val instanceof GoSlice) {
        const items = val.items ?? [];
        if (items.length > 0) {
          for (let i = 0; i < items.length; i++) if (!oneIteration(i, items[i])) break;
          return;
        }
      } else if (val instanceof GoMap) {
        const entries = sortedEntries(val);
        if (entries.length > 0) {
          for (const [k, v] of entries) if (!oneIteration(k, v)) break;
          return;
        }
      } else if (val !== undefined && (isIntKind(kindOf(val)) || isUintKind(kindOf(val)))) {
        // Go 1.22: range over an integer n gives 0 … n-1, as values of n's type.
        if (r.pipe.decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = typeof val === 'number' ? val : (val as GoNumber).value;
        if (n > 0) {
          for (let i = 0; i < n; i++) {
            const elem = typeof val === 'number' ? i : new GoNumber((val as GoNumber).type, i);
            if (!oneIteration(undefined, elem)) break;
          }
          return;
        }
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: GoValue, t: TemplateNode): void {
    this.at(t);
    const tree = this.ctx.templates.get(t.name);
    if (tree === undefined) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const sub = new State(this.ctx, t.name, tree, this.out, [{ name: '$', value: newDot }], this.depth + 1);
    sub.walk(newDot, tree.root);
  }

  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} result is "no value" from here on (Go: reflect.ValueOf(value.Interface())).
      if (value === null) value = undefined;
    }
    const result = value === MISSING ? undefined : value;
    for (const v of pipe.decl) {
      const name = v.ident[0] ?? '';
      if (pipe.isAssign) this.setVar(name, result);
      else this.push(name, result);
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${args[0] ? nodeString(args[0]) : ''}`);
    }
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    if (first === undefined) return this.errorf('empty command');
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(c: NumberNode): GoValue {
    this.at(c);
    const isHexInt = /^[+-]?0[xX]/.test(c.text) && !/[pP]/.test(c.text);
    const isRune = c.text.startsWith("'");
    if (c.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(c.text)) return float64(c.float);
    if (c.isInt) return c.int;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, field, dot, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, chain, pipe, chain.fields, args, final);
  }

  private evalVariableNode(dot: GoValue, v: VariableNode, args: readonly ArgNode[], final: Final): GoValue {
    this.at(v);
    const value = this.varValue(v.ident[0] ?? '');
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, v, value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    node: AnyNode,
    receiver: GoValue,
    ident: readonly string[],
    args: readonly ArgNode[],
    final: Final,
  ): GoValue {
    let r = receiver;
    // The static type of a value read from a map or struct is the element or field type (Go's
    // errors name `interface {}` for a string read from a map[string]interface{}).
    let staticType: string | undefined;
    for (let i = 0; i < ident.length - 1; i++) {
      const name = ident[i] ?? '';
      const container = r;
      r = this.evalField(dot, node, name, [], MISSING, r, staticType);
      if (container instanceof GoMap) staticType = container.elem;
      else if (container instanceof GoStruct) staticType = container.fields.get(name)?.type;
    }
    return this.evalField(dot, node, ident[ident.length - 1] ?? '', args, final, r, staticType);
  }

  private evalField(
    dot: GoValue,
    node: AnyNode,
    name: string,
    args: readonly ArgNode[],
    final: Final,
    receiver: GoValue,
    staticType: string | undefined,
  ): GoValue {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      // Go looks for a method first, then a field.
      const method = receiver.methods?.get(name);
      if (method !== undefined) return this.evalCall(dot, method, false, node, name, args, final);
      const field = receiver.fields.get(name);
      if (field !== undefined) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return field.value;
      }
    } else if (receiver instanceof GoMap) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const result = receiver.entries?.get(name);
      if (result === undefined && !receiver.entries?.has(name)) {
        switch (this.ctx.missingKey) {
          case 'zero':
            return zeroOf(receiver.elem);
          case 'error':
            return this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
          default:
            return undefined;
        }
      }
      return result;
    }
    return this.errorf(`can't evaluate field ${name} in type ${staticType ?? goTypeOf(receiver)}`);
  }

  private evalFunction(
    dot: GoValue,
    node: IdentifierNode,
    cmd: AnyNode,
    args: readonly ArgNode[] | undefined,
    final: Final,
  ): GoValue {
    this.at(node);
    const name = node.ident;
    const user = this.ctx.funcs.get(name);
    const fun = user ?? this.ctx.builtins.get(name);
    if (fun === undefined) return this.errorf(`${JSON.stringify(name)} is not a defined function`);
    return this.evalCall(dot, fun, user === undefined, cmd, name, args, final);
  }

  private evalCall(
    dot: GoValue,
    fun: TemplateFunction,
    isBuiltin: boolean,
    node: AnyNode,
    name: string,
    allArgs: readonly ArgNode[] | undefined,
    final: Final,
  ): GoValue {
    const args = allArgs ? allArgs.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const nParams = fun.params.length + (fun.variadic !== undefined ? 1 : 0);
    let numFixed = args.length;
    if (fun.variadic !== undefined) {
      numFixed = fun.params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
      }
    } else if (numIn !== nParams) {
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    }
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: GoValue = undefined;
      for (const arg of args) {
        v = this.evalArg(dot, 'reflect.Value', arg);
        if (isTruthy(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'reflect.Value');
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fun.params[i], args[i] as ArgNode));
    if (fun.variadic !== undefined) {
      for (; i < args.length; i++) argv.push(this.evalArg(dot, fun.variadic, args[i] as ArgNode));
    }
    if (final !== MISSING) {
      let t: string | undefined = fun.params[fun.params.length - 1];
      if (fun.variadic !== undefined) t = numIn - 1 < numFixed ? fun.params[numIn - 1] : fun.variadic;
      argv.push(this.validateType(final, t));
    }
    try {
      return fun.call(...argv);
    } catch (e) {
      if (e instanceof GoCallError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private validateType(value: GoValue, typ: string | undefined): GoValue {
    if (value === undefined) {
      if (typ === undefined) return undefined;
      if (typ === 'reflect.Value') return undefined;
      if (canBeNil(typ)) return zeroOf(typ);
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === undefined || typ === 'reflect.Value' || typ === ANY) return value;
    if (goTypeOf(value) !== typ) this.errorf(`wrong type for value; expected ${typ}; got ${goTypeOf(value)}`);
    return value;
  }

  private evalArg(dot: GoValue, typ: string | undefined, n: ArgNode): GoValue {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ !== undefined && canBeNil(typ)) return typ === 'reflect.Value' ? undefined : zeroOf(typ);
        return this.errorf(`cannot assign nil to ${typ}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'float64':
      case 'float32':
        if (n.kind === 'number' && n.isFloat) return typ === 'float64' ? float64(n.float) : new GoNumber(typ, n.float);
        return this.errorf(`expected float; found ${nodeString(n)}`);
      case 'int':
      case 'int64':
      case 'int32':
        if (n.kind === 'number' && n.isInt) return typ === 'int' ? n.int : new GoNumber(typ, n.int);
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'uint':
      case 'uint8':
      case 'uint64':
        if (n.kind === 'number' && n.isUint) return new GoNumber(typ, n.int);
        return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      case 'uint32':
        // reflect's SetUint keeps the low 32 bits of a larger constant.
        if (n.kind === 'number' && n.isUint) return new GoNumber(typ, Number(BigInt.asUintN(32, BigInt(n.int))));
        return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case ANY:
      case 'reflect.Value':
        return this.evalEmptyInterface(n);
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  private evalEmptyInterface(n: ArgNode): GoValue {
    this.at(n);
    switch (n.kind) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
      case 'nil':
        return this.errorf("evalEmptyInterface: nil (can't happen)");
    }
    return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  private printValue(n: AnyNode, v: GoValue): void {
    this.at(n);
    if (v === undefined) {
      this.out.push('<no value>');
      return;
    }
    if (v instanceof GoFunc) this.errorf(`can't print ${nodeString(n)} of type ${v.type}`);
    this.out.push(sprint([v]));
  }
}
