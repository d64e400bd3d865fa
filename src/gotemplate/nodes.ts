/**
 * The parse tree of a Go template, as text/template/parse builds it, and how Go prints each node
 * (error messages quote the node being executed: `executing "" at <.x.y>`).
 */

/** A parsed constant number: which Go kinds it fits, as parse.NumberNode records. */
export interface NumberNode {
  readonly kind: 'number';
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: number;
  readonly float: number;
}

export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly pos: number;
  readonly ident: string;
}
export interface DotNode {
  readonly kind: 'dot';
  readonly pos: number;
}
export interface NilNode {
  readonly kind: 'nil';
  readonly pos: number;
}
export interface BoolNode {
  readonly kind: 'bool';
  readonly pos: number;
  readonly value: boolean;
}
export interface StringNode {
  readonly kind: 'string';
  readonly pos: number;
  readonly quoted: string;
  readonly text: string;
}
/** `.a.b`: the identifiers without their dots. */
export interface FieldNode {
  readonly kind: 'field';
  readonly pos: number;
  readonly ident: readonly string[];
}
/** `$x.a.b`: the variable name first, then the fields. */
export interface VariableNode {
  readonly kind: 'variable';
  readonly pos: number;
  readonly ident: readonly string[];
}
/** `(pipeline).a.b` or `fn.a`: a term followed by fields. */
export interface ChainNode {
  readonly kind: 'chain';
  readonly pos: number;
  readonly node: ArgNode;
  readonly fields: readonly string[];
}
export interface CommandNode {
  readonly kind: 'command';
  readonly pos: number;
  readonly args: ArgNode[];
}
export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

/** A node that can be an argument of a command. */
export type ArgNode =
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | FieldNode
  | VariableNode
  | ChainNode
  | PipeNode;

export interface TextNode {
  readonly kind: 'text';
  readonly pos: number;
  readonly text: string;
}
export interface CommentNode {
  readonly kind: 'comment';
  readonly pos: number;
  readonly text: string;
}
export interface ActionNode {
  readonly kind: 'action';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
}
export interface BranchNode {
  readonly kind: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}
export interface TemplateNode {
  readonly kind: 'template';
  readonly pos: number;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}
export interface BreakNode {
  readonly kind: 'break';
  readonly pos: number;
}
export interface ContinueNode {
  readonly kind: 'continue';
  readonly pos: number;
}
export interface ListNode {
  readonly kind: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

/** A node of a template body. */
export type Node =
  TextNode | CommentNode | ActionNode | BranchNode | TemplateNode | BreakNode | ContinueNode | ListNode;

/** Any node, for positions and printing. */
export type AnyNode = Node | ArgNode | CommandNode;

/** A parsed template: its name, the name of the top-level template it was parsed with, its text and body. */
export interface Tree {
  readonly name: string;
  readonly parseName: string;
  readonly text: string;
  readonly root: ListNode;
}

/** Go's node.String(). */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'number':
      return n.text;
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'field':
      return n.ident.map((id) => `.${id}`).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.fields.map((f) => `.${f}`).join('');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length > 0 ? `${n.decl.map(nodeString).join(', ')} := ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const elsePart = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${elsePart}{{end}}`;
    }
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'list':
      return n.nodes.map(nodeString).join('');
  }
}
