// Reading and writing the YAML the tool handles on every run, without the yaml package: template
// output, the state file, plain Score files and compose files, all in simple block style. The
// package builds a full document model (tokens, nodes, positions) for each text, which costs
// ~1 ms per small text and ~10 ms for the first on a cold start; a `generate` reads ~20 texts and
// writes 2. yaml.ts tries these first and hands everything else to the package.
//
// Reading accepts a strict subset of YAML 1.2 (below) and returns undefined for anything else.
// For every text it accepts, it returns exactly what the package returns with parseYaml's
// options (core schema, unique keys); writing returns exactly the package's text for
// stringifyYaml's options. The unit tests compare both with the package, on the repository's
// YAML files, the templates' kind of output, and many thousands of generated texts and values.
//
// The subset read, one node per line:
// - block maps (`key: value`, `key:` then a nested block) and block sequences (`- value`,
//   `- key: value` for a map in a sequence), nested by indentation with spaces;
// - keys: plain words (letters, digits and `_ . / @ + # -`) that the core schema reads as text, or
//   double-quoted text without escapes;
// - values: plain scalars on one line (text, null, true/false, and decimal integers up to 15
//   digits; any other number is left to the yaml package), quoted scalars on one line,
//   literal block scalars (`|`, `|-`), `[]`, `{}` and one-line flow sequences of scalars;
// - anchors on maps and lists (`key: &a1` then the block, `&a1 {}`) and aliases (`key: *a1`),
//   read as the package reads them: the alias is the very object the anchor names;
// - blank lines and whole-line comments.
// Not in it (the yaml package reads them): tabs, `\r`, document markers and directives, tags,
// merge keys, flow maps, folded and `|+` block scalars, comments after a value, anchors on
// scalars, aliases inside what an alias names, multi-line plain or quoted scalars, sequences
// indented as much as their key.

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./@+#-]*/;
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
// Plain scalars the core schema reads as a number (int: oct, dec, hex; float: nan/inf, exp, dec).
const CORE_NUMBER =
  /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const SAFE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const ANCHOR = /^&([A-Za-z0-9_-]+)(?: (\{\}|\[\]))?$/;
const ALIAS = /^\*([A-Za-z0-9_-]+)$/;
/** The package refuses more aliases of one anchor than this (parseYaml's maxAliasCount). */
const MAX_ALIASES = 100;
/**
 * The deepest nesting of maps and lists read (yaml.ts refuses deeper texts). Reading recurses per
 * level, and so does everything that walks a value afterwards; a stack overflow is not always a
 * catchable RangeError (V8 aborts the process when it strikes while compiling a regular expression).
 */
export const MAX_NESTING = 128;
// Characters a plain scalar may start with here (YAML allows more; the rest goes to the package).
const PLAIN_START = /^(?:[A-Za-z0-9_./$~(=^<]|-[^\s])/;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' };

// YAML's white space is spaces and tabs only (no tabs here): String#trim would also take
// no-break spaces and other Unicode spaces, which are text in YAML.
const trimStart = (text: string): string => text.replace(/^ +/, '');
const trimEnd = (text: string): string => text.replace(/ +$/, '');
const trim = (text: string): string => trimEnd(trimStart(text));

/** Thrown inside the reader: the text is outside the subset. */
class Outside extends Error {}

const outside = (): never => {
  throw new Outside();
};

/** A scalar value written on one line; throws Outside when it is not one this reader knows. */
function scalar(text: string): unknown {
  const c = text[0];
  if (c === '"') return doubleQuoted(text);
  if (c === "'") return singleQuoted(text);
  if (c === '[') return flowSequence(text);
  if (text === '{}') return {};
  return plain(text);
}

function plain(text: string): unknown {
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (CORE_NUMBER.test(text)) return SAFE_INT.test(text) ? Number(text) : outside();
  if (!PLAIN_START.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) outside();
  return text;
}

/** Where the double-quoted text at the start of `text` closes (on the same line). */
function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return outside();
}

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? outside());
}

function doubleQuoted(text: string): string {
  const end = quotedEnd(text);
  if (end !== text.length - 1) outside();
  return unescape(text.slice(1, end));
}

function singleQuoted(text: string): string {
  let out = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") {
      out += text[i];
    } else if (text[i + 1] === "'") {
      out += "'";
      i++;
    } else {
      if (i !== text.length - 1) outside();
      return out;
    }
  }
  return outside();
}

/** `[a, "b", 'c']` on one line, items being plain words or quoted text. */
function flowSequence(text: string): unknown[] {
  if (!text.endsWith(']')) outside();
  const inner = trim(text.slice(1, -1));
  if (inner === '') return [];
  const items: unknown[] = [];
  let rest = inner;
  for (;;) {
    let item: string;
    if (rest[0] === '"') item = rest.slice(0, quotedEnd(rest) + 1);
    else if (rest[0] === "'") item = /^'(?:[^']|'')*'/.exec(rest)?.[0] ?? outside();
    else item = /^[A-Za-z0-9_./$-]+/.exec(rest)?.[0] ?? outside();
    items.push(scalar(item));
    rest = trimStart(rest.slice(item.length));
    if (rest === '') return items;
    if (rest[0] !== ',') outside();
    rest = trimStart(rest.slice(1));
    if (rest === '') outside(); // a trailing comma
  }
}

interface Line {
  indent: number;
  /** The line without its indentation; '' for a blank line. */
  text: string;
  /** The line as written (block scalars keep everything past their indentation). */
  raw: string;
}

/** What an anchor names, once read; `nested`: aliases were read inside it. */
interface Anchored {
  value: object | undefined;
  nested: boolean;
  uses: number;
}

class Reader {
  private pos = 0;
  private depth = 0;
  private readonly anchors = new Map<string, Anchored>();
  private aliasesRead = 0;

  constructor(private readonly lines: Line[]) {}

  /** The next line that is not blank and not a comment (skipping those), or undefined at the end. */
  private peek(): Line | undefined {
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos] as Line;
      if (line.text !== '' && line.text[0] !== '#') return line;
      this.pos++;
    }
    return undefined;
  }

  document(): unknown {
    const first = this.peek();
    if (first === undefined) return null;
    if (first.indent !== 0) outside();
    const value = this.block(0);
    if (this.peek() !== undefined) outside();
    return value;
  }

  /** The block node starting at the next line, at exactly `indent`. */
  private block(indent: number): unknown {
    const line = this.peek() as Line;
    if (line.indent !== indent || this.depth >= MAX_NESTING) outside();
    this.depth++;
    try {
      if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
      return this.map(indent, line.text);
    } finally {
      this.depth--;
    }
  }

  /** The value after `key:` or `- ` (`rest`, trimmed), of a node whose parent is at `parent`. */
  private value(rest: string, parent: number): unknown {
    if (rest === '') {
      const next = this.peek();
      if (next === undefined || next.indent <= parent) {
        if (next !== undefined && next.indent === parent && (next.text === '-' || next.text.startsWith('- ')))
          outside(); // a sequence as indented as its key
        return null;
      }
      return this.block(next.indent);
    }
    if (rest === '|' || rest === '|-') return this.literal(rest === '|-', parent);
    const anchor = ANCHOR.exec(rest);
    if (anchor !== null) return this.anchored(anchor[1] as string, anchor[2], parent);
    const alias = ALIAS.exec(rest);
    const value = alias === null ? scalar(rest) : this.alias(alias[1] as string);
    // Nothing may continue it on the next lines (a multi-line scalar).
    const next = this.peek();
    if (next !== undefined && next.indent > parent) outside();
    return value;
  }

  /** A map or list named by an anchor: `&name` then its block below, or `&name {}` / `&name []`. */
  private anchored(name: string, empty: string | undefined, parent: number): object {
    if (this.anchors.has(name)) outside(); // a name used again: the package takes the latest
    const entry: Anchored = { value: undefined, nested: false, uses: 0 };
    this.anchors.set(name, entry);
    const aliasesBefore = this.aliasesRead;
    let value: unknown;
    if (empty !== undefined) {
      value = empty === '{}' ? {} : [];
      const next = this.peek();
      if (next !== undefined && next.indent > parent) outside();
    } else {
      const next = this.peek();
      if (next === undefined || next.indent <= parent) outside(); // an anchored null
      value = this.block((next as Line).indent);
    }
    entry.value = value as object;
    entry.nested = this.aliasesRead !== aliasesBefore;
    return entry.value;
  }

  private alias(name: string): object {
    const entry = this.anchors.get(name);
    // Not yet read (or read inside itself), or holding aliases: the package counts those differently.
    if (entry?.value === undefined || entry.nested || ++entry.uses > MAX_ALIASES) outside();
    this.aliasesRead++;
    return (entry as Anchored).value as object;
  }

  private map(indent: number, firstText: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let text = firstText;
    for (;;) {
      let key: string;
      let after: number;
      if (text[0] === '"') {
        const end = quotedEnd(text);
        key = text.slice(1, end);
        if (key.includes('\\')) outside();
        after = end + 1;
      } else {
        key = PLAIN_KEY.exec(text)?.[0] ?? outside();
        if (CORE_NULL.test(key) || CORE_BOOL.test(key) || CORE_NUMBER.test(key)) outside();
        after = key.length;
      }
      if (text[after] !== ':' || (after + 1 < text.length && text[after + 1] !== ' ')) outside();
      // An implicit key is at most 1024 characters long.
      if (key === '__proto__' || key.length > 1000 || Object.hasOwn(map, key)) outside();
      this.pos++;
      map[key] = this.value(trim(text.slice(after + 1)), indent);
      const next = this.peek();
      if (next === undefined || next.indent < indent) return map;
      if (next.indent !== indent || next.text === '-' || next.text.startsWith('- ')) outside();
      text = next.text;
    }
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) return list;
      if (line.indent !== indent || !(line.text === '-' || line.text.startsWith('- '))) outside();
      const rest = trimStart(line.text.slice(1));
      const column = indent + line.text.length - rest.length;
      const key =
        rest[0] === '"' ? /^"[^"\\]*":(?: |$)/.exec(rest) : /^[A-Za-z0-9_][A-Za-z0-9_./@+#-]*:(?: |$)/.exec(rest);
      if (key !== null) {
        // `- key: value`: a map whose keys line up with this first one.
        this.lines[this.pos] = { indent: column, text: rest, raw: line.raw };
        list.push(this.map(column, rest));
      } else {
        this.pos++;
        list.push(this.value(rest, indent));
      }
    }
  }

  /** A literal block scalar (`|` or `|-`) whose parent node is at `parent`. */
  private literal(strip: boolean, parent: number): string {
    const first = this.lines[this.pos];
    if (first === undefined || first.text === '' || first.indent <= parent) outside();
    const indent = (first as Line).indent;
    const content: string[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos] as Line;
      if (line.text === '') {
        if (line.raw.length > indent) outside(); // spaces past the indentation: content, left to the package
        content.push('');
      } else if (line.indent < indent) {
        break;
      } else {
        content.push(line.raw.slice(indent));
      }
      this.pos++;
    }
    while (content.length > 0 && content[content.length - 1] === '') content.pop();
    return strip ? content.join('\n') : `${content.join('\n')}\n`;
  }
}

/**
 * The value of `text` when it is in the subset this module reads (a map, a list or nothing),
 * else undefined. Never throws for any text.
 */
export function readBlockSubset(text: string): { value: unknown } | undefined {
  // Tabs, carriage returns, a byte order mark, other control characters, Unicode line breaks;
  // document markers and directives.
  if (/[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff\t]/.test(text)) return undefined; // eslint-disable-line no-control-regex
  if (/^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const lines: Line[] = text.split('\n').map((raw) => {
    const body = trimStart(raw);
    return { indent: raw.length - body.length, text: trimEnd(body), raw };
  });
  try {
    return { value: new Reader(lines).document() };
  } catch {
    // Outside the subset (or nested deeper than the stack allows): the yaml package decides.
    return undefined;
  }
}

// Writing. What the yaml package writes for stringifyYaml's options (block style, sequences
// indented under their key, no line folding), for values made of plain objects and Maps with
// text keys, arrays, text, finite numbers, booleans and null. Text is written plain when the
// core schema reads it back as the same text, else quoted as the package quotes it; multi-line
// text as a literal block (`|` or `|-`). An object met a second time is written as the package
// does, as an alias (`*a1`) of an anchor (`&a1`) at its first place. Anything else (a `|+` block,
// text with control characters or document markers, leading spaces or newlines in multi-line
// text, an object inside itself) is left to the package.

// Text that cannot be written plain (the package's own test).
const PLAIN_UNSAFE = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u; // eslint-disable-line no-control-regex
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;
const INDENT = '  ';

/** Text the core schema would read as something else (null, a boolean, a number). */
function readsAsOther(text: string): boolean {
  return CORE_NULL.test(text) || CORE_BOOL.test(text) || CORE_NUMBER.test(text);
}

function quote(text: string): string {
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/** A literal block scalar for multi-line `text`, its lines at `indent`. */
function literalBlock(text: string, indent: string): string {
  if (/\n[\t ]+$/.test(text) || text[0] === ' ' || text[0] === '\n') outside();
  let endStart = text.length;
  while (endStart > 0 && '\n\t '.includes(text[endStart - 1] as string)) endStart--;
  let end = text.slice(endStart);
  const newline = end.indexOf('\n');
  if (newline !== -1 && newline !== end.length - 1) outside(); // `|+`
  if (newline !== -1) end = end.slice(0, -1);
  const body = text.slice(0, endStart).replace(/\n+/g, `$&${indent}`);
  return `|${newline === -1 ? '-' : ''}\n${indent}${body}${end}`;
}

function text(value: string, indent: string, key: boolean): string {
  if (CONTROL.test(value) || DOCUMENT_MARKER.test(value)) outside();
  if (value.includes('\n')) return key ? outside() : literalBlock(value, indent);
  return PLAIN_UNSAFE.test(value) || readsAsOther(value) ? quote(value) : value;
}

type Collection = { entries: [string, unknown][] } | { items: unknown[] };

/** The pairs of a map (undefined values left out, as the package does) or the items of a list. */
function collectionOf(value: object): Collection {
  if (Array.isArray(value)) return { items: value };
  if (value instanceof Map) {
    const entries: [string, unknown][] = [];
    for (const [k, v] of value as Map<unknown, unknown>) {
      if (typeof k !== 'string') return outside();
      if (v !== undefined) entries.push([k, v]);
    }
    return { entries };
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) outside(); // a class instance (Date, Buffer, ...)
  return { entries: Object.entries(value).filter(([, v]) => v !== undefined) };
}

const sizeOf = (c: Collection): number => ('items' in c ? c.items : c.entries).length;

class Writer {
  private readonly collections = new Map<object, Collection>();
  /** Anchor names of the objects met more than once, named in the order the package names them. */
  private readonly anchors = new Map<object, string>();
  private readonly written = new Set<object>();

  constructor(root: object) {
    this.visit(root, new Set());
  }

  /** Walks the value in the order the package builds its nodes (depth first, in key order). */
  private visit(value: unknown, path: Set<object>): void {
    if (value === null || typeof value !== 'object') {
      if (value === undefined) outside(); // a list item
      return;
    }
    if (path.has(value)) outside(); // inside itself
    if (this.collections.has(value)) {
      if (!this.anchors.has(value)) this.anchors.set(value, `a${this.anchors.size + 1}`);
      return;
    }
    const c = collectionOf(value);
    this.collections.set(value, c);
    path.add(value);
    if ('items' in c) for (const item of c.items) this.visit(item, path);
    else for (const [, v] of c.entries) this.visit(v, path);
    path.delete(value);
  }

  private scalar(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string':
        return text(value, indent, false);
      case 'number':
        if (Object.is(value, -0)) return '-0';
        if (Number.isFinite(value)) return JSON.stringify(value);
        return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
      case 'boolean':
        return value ? 'true' : 'false';
      default:
        return value === null ? 'null' : outside();
    }
  }

  /**
   * `value` as written after `key: ` or `- `, its nested lines at `indent`; `block` tells
   * whether it is a collection written on the lines below (not `[]`, `{}` or an alias).
   */
  private node(value: unknown, indent: string): { text: string; block: boolean } {
    if (value === null || typeof value !== 'object') return { text: this.scalar(value, indent), block: false };
    const anchor = this.anchors.get(value);
    if (anchor !== undefined && this.written.has(value)) return { text: `*${anchor}`, block: false };
    this.written.add(value);
    const c = this.collections.get(value) as Collection;
    const props = anchor === undefined ? '' : `&${anchor}`;
    if (sizeOf(c) === 0) {
      const flow = 'items' in c ? '[]' : '{}';
      return { text: props === '' ? flow : `${props} ${flow}`, block: false };
    }
    const inner = indent + INDENT;
    const lines =
      'items' in c
        ? c.items.map((item) => `- ${this.node(item, inner).text}`)
        : c.entries.map(([key, v]) => {
            const k = text(key, inner, true);
            if (k.length > 1000) outside(); // the package writes a long key as an explicit `? key`
            const n = this.node(v, inner);
            if (!n.block) return `${k}: ${n.text}`;
            // A collection starts on the next line, unless its anchor comes first.
            return n.text[0] === '&' ? `${k}: ${n.text}` : `${k}:\n${inner}${n.text}`;
          });
    const body = lines.join(`\n${indent}`);
    return { text: props === '' ? body : `${props}\n${indent}${body}`, block: true };
  }

  document(root: object): string {
    return `${this.node(root, '').text}\n`;
  }
}

/**
 * The YAML text the yaml package writes for `value` with stringifyYaml's options, when `value`
 * is a map or a list this module can write; else undefined. Never throws.
 */
export function writeBlockSubset(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return new Writer(value).document(value);
  } catch {
    return undefined;
  }
}
