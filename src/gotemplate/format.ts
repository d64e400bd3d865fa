/**
 * Go's fmt for the values this engine handles: Sprint (what `{{ x }}` and `print` write), Sprintln,
 * and Sprintf with its verbs, flags, width and precision, bad-verb and missing/extra argument texts.
 */
import { formatFloat } from './float-format.js';
import { quoteGo, quoteRune } from './quote.js';
import {
  GoFunc,
  GoMap,
  GoNumber,
  GoSlice,
  GoStruct,
  GoTime,
  goTypeOf,
  isFloatKind,
  isIntKind,
  isUintKind,
  kindOf,
  sortedEntries,
  type GoValue,
} from './values.js';
import { formatTime } from './time-format.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: undefined,
  prec: undefined,
});

/** fmt.Sprint: operands are separated by a space when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' ';
    out += formatArg(a, 'v', noFlags());
  });
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map((a) => formatArg(a, 'v', noFlags())).join(' ')}\n`;
}

/** fmt.Sprint of one value with the `%v` verb. */
export function formatValue(v: GoValue): string {
  return formatArg(v, 'v', noFlags());
}

function pad(s: string, f: Flags, zeroOk = true): string {
  const w = f.wid;
  if (w === undefined) return s;
  const n = [...s].length;
  if (n >= w) return s;
  const fill = w - n;
  if (f.minus) return s + ' '.repeat(fill);
  return (f.zero && zeroOk ? '0' : ' ').repeat(fill) + s;
}

function typeName(v: GoValue): string {
  return v === null || v === undefined ? '<nil>' : goTypeOf(v);
}

function badVerb(v: GoValue, verb: string, f: Flags): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeOf(v)}=${formatArg(v, 'v', f)})`;
}

/** Formats one operand with a verb, as fmt's printArg does. */
function formatArg(v: GoValue, verb: string, f: Flags, depth = 0): string {
  if (verb === 'T') return pad(typeName(v), f);
  if (v === null || v === undefined) {
    return verb === 'v' ? pad('<nil>', f) : badVerb(v, verb, f);
  }
  if (typeof v === 'boolean') {
    return verb === 't' || verb === 'v' ? pad(v ? 'true' : 'false', f) : badVerb(v, verb, f);
  }
  if (typeof v === 'string') return formatString(v, verb, f);
  if (typeof v === 'number' || v instanceof GoNumber) {
    const k = kindOf(v);
    const n = typeof v === 'number' ? v : v.value;
    if (isIntKind(k) || isUintKind(k)) return formatInteger(v, n, verb, f, isUintKind(k));
    if (isFloatKind(k)) return formatFloatVerb(v, n, verb, f);
  }
  if (v instanceof GoMap) return formatMap(v, verb, f, depth);
  if (v instanceof GoSlice) return formatSlice(v, verb, f, depth);
  if (v instanceof GoStruct) {
    // fmt's handleMethods: a Stringer prints its String() for the string verbs (not for %#v).
    if (v.stringer && !f.sharpV && 'vsqxX'.includes(verb)) return formatString(v.stringer(), verb, f);
    return formatStruct(v, verb, f, depth);
  }
  if (v instanceof GoTime) {
    if (f.sharpV) return pad(`time.Date(...)`, f);
    return formatString(formatTime(v), verb === 'v' ? 's' : verb, f);
  }
  if (v instanceof GoFunc) return verb === 'v' ? pad('0xc000000000', f) : badVerb(v, verb, f);
  return badVerb(v, verb, f);
}

function formatString(s: string, verb: string, f: Flags): string {
  if (f.sharpV && verb === 'v') return pad(quoteGo(s, false), f);
  let str = s;
  switch (verb) {
    case 'v':
    case 's':
      if (f.prec !== undefined) str = [...str].slice(0, f.prec).join('');
      return pad(str, f);
    case 'q':
      if (f.prec !== undefined) str = [...str].slice(0, f.prec).join('');
      if (f.sharp && canBackquote(str)) return pad(`\`${str}\``, f);
      return pad(quoteGo(str, f.plus), f);
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(str, 'utf8')];
      if (f.prec !== undefined) bytes = bytes.slice(0, f.prec);
      const hex = bytes.map((b) => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      });
      const prefix = verb === 'X' ? '0X' : '0x';
      let out: string;
      if (f.space) out = hex.map((h) => (f.sharp ? prefix + h : h)).join(' ');
      else out = (f.sharp && hex.length > 0 ? prefix : '') + hex.join('');
      return pad(out, f);
    }
    default:
      return badVerb(s, verb, f);
  }
}

/** strconv.CanBackquote: no backquote, no control character but tab, no U+FFFD. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '`' || ch === '\uFFFD' || c === 0x7f || (c < 0x20 && ch !== '\t')) return false;
  }
  return true;
}

function formatInteger(v: GoValue, n: number, verb: string, f: Flags, unsigned: boolean): string {
  if (f.sharpV && verb === 'v') {
    const t = goTypeOf(v);
    return pad(t === 'int' ? String(n) : unsigned && t === 'uint8' ? `0x${n.toString(16)}` : `${t}(${n})`, f);
  }
  switch (verb) {
    case 'v':
    case 'd':
      return fmtInt(n, 10, '', f);
    case 'b':
      return fmtInt(n, 2, f.sharp ? '0b' : '', f);
    case 'o':
      return fmtInt(n, 8, f.sharp ? '0' : '', f);
    case 'O':
      return fmtInt(n, 8, '0o', f);
    case 'x':
      return fmtInt(n, 16, f.sharp ? '0x' : '', f);
    case 'X':
      return fmtInt(n, 16, f.sharp ? '0X' : '', f, true);
    case 'c':
      return pad(validRune(n) ? String.fromCodePoint(n) : '\uFFFD', f);
    case 'q':
      return pad(quoteRune(validRune(n) ? n : 0xfffd, f.plus), f);
    case 'U': {
      const hex = `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;
      return pad(f.sharp && validRune(n) ? `${hex} '${String.fromCodePoint(n)}'` : hex, f);
    }
    default:
      return badVerb(v, verb, f);
  }
}

function validRune(n: number): boolean {
  return n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n < 0xe000);
}

function fmtInt(n: number, base: number, prefix: string, f: Flags, upper = false): string {
  const neg = n < 0;
  let digits = (neg ? BigInt(-n) : BigInt(n)).toString(base);
  if (upper) digits = digits.toUpperCase();
  let prec = f.prec;
  if (prec === undefined && f.zero && f.wid !== undefined && !f.minus) {
    prec = f.wid;
    if (neg || f.plus || f.space) prec--;
    prec -= prefix.length;
  }
  if (prec !== undefined) {
    if (prec === 0 && n === 0) return pad('', { ...f, zero: false });
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...f, zero: false });
}

function formatFloatVerb(v: GoValue, n: number, verb: string, f: Flags): string {
  let fmt: 'e' | 'E' | 'f' | 'g' | 'G' | 'x' | 'X';
  let prec = f.prec ?? -1;
  switch (verb) {
    case 'x':
    case 'X':
      fmt = verb;
      break;
    case 'v':
      fmt = 'g';
      break;
    case 'e':
    case 'E':
      fmt = verb;
      if (prec < 0) prec = 6;
      break;
    case 'f':
    case 'F':
      fmt = 'f';
      if (prec < 0) prec = 6;
      break;
    case 'g':
    case 'G':
      fmt = verb;
      break;
    default:
      return badVerb(v, verb, f);
  }
  let num = formatFloat(n, fmt, prec);
  if (f.sharpV && verb === 'v' && goTypeOf(v) !== 'float64') num = `${goTypeOf(v)}(${num})`;
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
  const special = num.endsWith('Inf') || num.endsWith('NaN');
  if (num.endsWith('NaN') && !f.plus && !f.space) num = num.slice(1);
  if (f.plus || num[0] !== '+') {
    if (f.zero && !special && f.wid !== undefined && f.wid > num.length && !f.minus) {
      return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
    }
    return pad(num, { ...f, zero: false });
  }
  if (special && !num.endsWith('NaN')) return pad(num, { ...f, zero: false });
  const body = num.slice(1);
  if (f.zero && !special && f.wid !== undefined && f.wid > body.length && !f.minus) {
    return '0'.repeat(f.wid - body.length) + body;
  }
  return pad(body, { ...f, zero: false });
}

function formatMap(m: GoMap, verb: string, f: Flags, depth: number): string {
  if (f.sharpV) {
    if (m.entries === null) return `${m.type}(nil)`;
    const inner = sortedEntries(m).map(([k, v]) => `${quoteGo(k, false)}:${sharpElem(v, m.elem, f, depth)}`);
    return `${m.type}{${inner.join(', ')}}`;
  }
  const inner = sortedEntries(m).map(([k, v]) => `${formatArg(k, verb, f, depth + 1)}:${elem(v, verb, f, depth)}`);
  return `map[${inner.join(' ')}]`;
}

function formatSlice(s: GoSlice, verb: string, f: Flags, depth: number): string {
  if (f.sharpV) {
    if (s.items === null) return `${s.type}(nil)`;
    return `${s.type}{${s.items.map((v) => sharpElem(v, s.elem, f, depth)).join(', ')}}`;
  }
  return `[${(s.items ?? []).map((v) => elem(v, verb, f, depth)).join(' ')}]`;
}

function formatStruct(s: GoStruct, verb: string, f: Flags, depth: number): string {
  const ptr = s.type.startsWith('*');
  if (ptr && depth > 0) return '0xc000000000';
  const parts = [...s.fields].map(([k, fld]) => {
    const val = elem(fld.value, verb, f, depth);
    return f.plusV || f.sharpV ? `${k}:${val}` : val;
  });
  const body = f.sharpV ? `${s.type.replace(/^\*/, '')}{${parts.join(', ')}}` : `{${parts.join(' ')}}`;
  return ptr ? `&${body}` : body;
}

/** An element inside a map, slice or struct: a nil interface prints `<nil>` whatever the verb. */
function elem(v: GoValue, verb: string, f: Flags, depth: number): string {
  if (v === null || v === undefined) return pad('<nil>', f);
  return formatArg(v, verb, f, depth + 1);
}

function sharpElem(v: GoValue, elemType: string, f: Flags, depth: number): string {
  if (v === null || v === undefined) return `${elemType}(nil)`;
  return formatArg(v, 'v', f, depth + 1);
}

/** fmt's intFromArg: an integer operand for `*` (floats do not count; beyond ±1e6 is too large). */
function intFromArg(args: readonly GoValue[], argNum: number): number | undefined {
  if (argNum < 0 || argNum >= args.length) return undefined;
  const a = args[argNum];
  const k = kindOf(a);
  if (!isIntKind(k) && !isUintKind(k)) return undefined;
  const n = typeof a === 'number' ? a : (a as GoNumber).value;
  return n > 1e6 || n < -1e6 ? undefined : n;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  let i = 0;
  const end = format.length;
  let reordered = false;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    for (; i < end; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus;
      else if (c === '+') f.plus = true;
      else if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === ' ') f.space = true;
      else break;
    }
    // explicit argument index [n]
    const argIndex = (): boolean => {
      if (format[i] !== '[') return false;
      reordered = true;
      const close = format.indexOf(']', i);
      const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(n) || n < 1 || n > args.length) {
        i = close < 0 ? end : close + 1;
        argNum = -1;
        return true;
      }
      argNum = n - 1;
      i = close + 1;
      return true;
    };
    let afterIndex = argIndex();
    if (format[i] === '*') {
      i++;
      const n = intFromArg(args, argNum);
      if (argNum >= 0 && argNum < args.length) argNum++;
      if (n === undefined) out += '%!(BADWIDTH)';
      else if (n < 0) {
        f.minus = true;
        f.zero = false;
        f.wid = -n;
      } else f.wid = n;
      afterIndex = false;
    } else {
      const m = /^[0-9]+/.exec(format.slice(i));
      if (m) {
        if (afterIndex) out += '%!(BADINDEX)';
        f.wid = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (afterIndex) out += '%!(BADINDEX)';
      afterIndex = argIndex();
      if (format[i] === '*') {
        i++;
        const n = intFromArg(args, argNum);
        if (argNum >= 0 && argNum < args.length) argNum++;
        if (n === undefined || n < 0) out += '%!(BADPREC)';
        else f.prec = n;
        afterIndex = false;
      } else {
        const m = /^[0-9]+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (!afterIndex) argIndex();
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum < 0 || argNum >= args.length) {
      out += argNum < 0 ? `%!${verb}(BADINDEX)` : `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
    }
    out += formatArg(args[argNum], verb, f);
    argNum++;
  }
  if (!reordered && argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeOf(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
