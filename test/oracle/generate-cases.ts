// A seeded generator of random Go templates and data for the differential test: a small grammar
// of actions, pipelines, control structures, builtins and sprig functions over random YAML-like data.
import { float64, newList, newMap, type GoValue } from '../../src/gotemplate/values.js';

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number): boolean => r() < p;

const KEYS = ['a', 'b', 'c', 'n', 's', 'l', 'm', 'x'];
const STRINGS = ['', 'hello', 'a b', 'Ünï', '<&>"', 'x.y.z', '0', '42', 'true', ' pad ', 'a,b', 'line\nbreak'];

/** Random data: a map of the keys above to scalars, lists and nested maps. */
export function randomData(r: Rand, depth = 0): GoValue {
  const entries = new Map<string, GoValue>();
  for (const k of KEYS) if (chance(r, 0.7)) entries.set(k, randomValue(r, depth + 1));
  return newMap(entries);
}

function randomValue(r: Rand, depth: number): GoValue {
  const roll = r();
  if (roll < 0.2) return Math.floor(r() * 21) - 5;
  if (roll < 0.3) return float64(pick(r, [0, 0.5, 1.5, 2, -3.25, 1e-7, 123456789.5, 1.5e15]));
  if (roll < 0.5) return pick(r, STRINGS);
  if (roll < 0.57) return chance(r, 0.5);
  if (roll < 0.62) return null;
  if (depth > 2) return pick(r, STRINGS);
  if (roll < 0.8) return newList(Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1)));
  return randomData(r, depth);
}

/** Functions and how many arguments they take (before a piped value counts as the last one). */
const FUNCS: readonly [string, number][] = [
  ['len', 1],
  ['index', 2],
  ['eq', 2],
  ['ne', 2],
  ['lt', 2],
  ['le', 2],
  ['gt', 2],
  ['ge', 2],
  ['and', 2],
  ['or', 2],
  ['not', 1],
  ['print', 2],
  ['println', 1],
  ['html', 1],
  ['js', 1],
  ['urlquery', 1],
  ['default', 2],
  ['empty', 1],
  ['coalesce', 2],
  ['quote', 1],
  ['squote', 1],
  ['upper', 1],
  ['lower', 1],
  ['trim', 1],
  ['toString', 1],
  ['toJson', 1],
  ['toRawJson', 1],
  ['dig', 3],
  ['hasKey', 2],
  ['list', 2],
  ['dict', 2],
  ['add', 2],
  ['sub', 2],
  ['mul', 2],
  ['max', 2],
  ['min', 2],
  ['first', 1],
  ['last', 1],
  ['rest', 1],
  ['reverse', 1],
  ['has', 2],
  ['join', 2],
  ['splitList', 2],
  ['replace', 3],
  ['trimSuffix', 2],
  ['contains', 2],
  ['cat', 2],
  ['typeOf', 1],
  ['kindOf', 1],
  ['b64enc', 1],
  ['indent', 2],
  ['atoi', 1],
  ['int64', 1],
  ['float64', 1],
  ['floor', 1],
  ['compact', 1],
  ['uniq', 1],
  ['without', 2],
  ['ternary', 3],
  ['sortAlpha', 1],
  ['title', 1],
  ['substr', 3],
  ['abbrev', 2],
  ['wrap', 2],
  ['camelcase', 1],
  ['snakecase', 1],
  ['kebabcase', 1],
  ['b32enc', 1],
  ['b32dec', 1],
  ['semverCompare', 2],
  ['urlParse', 1],
  ['addf', 2],
  ['subf', 2],
  ['mulf', 2],
  ['divf', 2],
  ['add1f', 1],
  ['duration', 1],
  ['durationRound', 1],
  ['toDate', 2],
  ['dateModify', 2],
  ['decryptAES', 2],
];

const VERBS = ['%v', '%d', '%s', '%q', '%x', '%5.1f', '%-4v|', '%t', '%T', '%+v', '%03d'];

function field(r: Rand): string {
  const n = chance(r, 0.75) ? 1 : 2;
  return Array.from({ length: n }, () => `.${pick(r, KEYS)}`).join('');
}

function literal(r: Rand): string {
  return pick(r, ['0', '1', '-2', '3', '1.5', '2.0', '"a"', '""', '"hello"', '"x.y"', 'true', 'false', '" "', '"42"']);
}

function operand(r: Rand, depth: number, vars: readonly string[]): string {
  const roll = r();
  if (roll < 0.35) return field(r);
  if (roll < 0.55) return literal(r);
  if (roll < 0.62) return '.';
  if (roll < 0.7 && vars.length > 0) {
    const v = pick(r, vars);
    return chance(r, 0.3) ? `${v}.${pick(r, KEYS)}` : v;
  }
  if (depth < 2) return `(${pipeline(r, depth + 1, vars)})`;
  return field(r);
}

function call(r: Rand, depth: number, vars: readonly string[], piped: boolean): string {
  if (chance(r, 0.08)) return `printf "${pick(r, VERBS)}"${piped ? '' : ` ${operand(r, depth, vars)}`}`;
  const [name, arity] = pick(r, FUNCS);
  const n = Math.max(arity - (piped ? 1 : 0), name === 'index' || name === 'dig' ? 1 : 0);
  const args = Array.from({ length: n }, () => operand(r, depth, vars));
  if (name === 'dig') args.unshift(`"${pick(r, KEYS)}"`);
  if (name === 'index' && !piped) args.push(pick(r, ['0', '1', `"${pick(r, KEYS)}"`]));
  return [name, ...args].join(' ');
}

function pipeline(r: Rand, depth: number, vars: readonly string[]): string {
  let p = chance(r, 0.4) ? call(r, depth, vars, false) : operand(r, depth, vars);
  const stages = chance(r, 0.7) ? 0 : 1 + Math.floor(r() * 2);
  for (let i = 0; i < stages; i++) p += ` | ${call(r, depth, vars, true)}`;
  return p;
}

function body(r: Rand, depth: number, vars: string[]): string {
  const n = 1 + Math.floor(r() * 2);
  let out = '';
  for (let i = 0; i < n; i++) out += segment(r, depth, vars);
  return out;
}

function segment(r: Rand, depth: number, vars: string[]): string {
  const roll = r();
  const l = chance(r, 0.2) ? '{{- ' : '{{ ';
  const rt = chance(r, 0.2) ? ' -}}' : ' }}';
  if (roll < 0.3) return pick(r, ['x', ' ', '\n', ' - ', 'text\n  ']);
  if (roll < 0.6 || depth > 2) return `${l}${pipeline(r, depth, vars)}${rt}`;
  if (roll < 0.7) {
    const v = `$v${vars.length}`;
    vars.push(v);
    return `${l}${v} := ${pipeline(r, depth, vars.slice(0, -1))}${rt}`;
  }
  const inner = [...vars];
  if (roll < 0.8) {
    const elseIf = chance(r, 0.3)
      ? `{{ else if ${pipeline(r, depth + 1, vars)} }}${body(r, depth + 1, [...vars])}`
      : '';
    const elsePart = chance(r, 0.5) ? `{{ else }}${body(r, depth + 1, [...vars])}` : '';
    return `{{ if ${pipeline(r, depth + 1, vars)} }}${body(r, depth + 1, inner)}${elseIf}${elsePart}{{ end }}`;
  }
  if (roll < 0.88) {
    const elsePart = chance(r, 0.4) ? `{{ else }}${body(r, depth + 1, [...vars])}` : '';
    return `{{ with ${pipeline(r, depth + 1, vars)} }}${body(r, depth + 1, inner)}${elsePart}{{ end }}`;
  }
  const k = `$k${depth}`;
  const e = `$e${depth}`;
  const decl = chance(r, 0.6) ? `${k}, ${e} := ` : '';
  if (decl) inner.push(k, e);
  const ctl = chance(r, 0.15) ? `{{ if eq . 1 }}{{ ${pick(r, ['break', 'continue'])} }}{{ end }}` : '';
  const elsePart = chance(r, 0.3) ? `{{ else }}${body(r, depth + 1, [...vars])}` : '';
  return `{{ range ${decl}${field(r)} }}${ctl}${body(r, depth + 1, inner)}${elsePart}{{ end }}`;
}

/** One random template. */
export function randomTemplate(r: Rand): string {
  return body(r, 0, []);
}

/** Whether Go failed only because 1.19 cannot range over an integer (Go 1.22 can, and so do we). */
export function isRangeOverIntError(goError: string | undefined): boolean {
  return /range can't iterate over -?\d+$/.test(goError ?? '');
}
