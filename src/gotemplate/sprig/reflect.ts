/** sprig's type inspection and path functions. */
import { posix } from 'node:path';
import { fn, type TemplateFunction } from '../function.js';
import { goTypeOf, kindOf, type GoValue } from '../values.js';

const ANY = 'interface {}';
const S = 'string';

/** fmt's %T: `<nil>` for nil. */
const typeName = (v: GoValue): string => (v === null || v === undefined ? '<nil>' : goTypeOf(v));

/** reflect.Kind's name (`ptr` for pointers, as Go 1.19 prints it). */
const kindName = (v: GoValue): string => (v === null || v === undefined ? 'invalid' : kindOf(v));

/** path.Clean. */
function clean(p: string): string {
  if (p === '') return '.';
  const c = posix.normalize(p);
  return c.length > 1 && c.endsWith('/') ? c.slice(0, -1) : c;
}

/** path.Ext: the suffix from the last dot of the last element. */
function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** path.Base: "." for "", "/" for slashes only. */
function base(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** path.Dir. */
function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

export const REFLECT_FUNCS: [string, TemplateFunction][] = [
  ['typeOf', fn([ANY], typeName)],
  ['typeIs', fn([S, ANY], (t, v) => t === typeName(v))],
  ['typeIsLike', fn([S, ANY], (t, v) => t === typeName(v) || `*${t as string}` === typeName(v))],
  ['kindOf', fn([ANY], kindName)],
  ['kindIs', fn([S, ANY], (k, v) => k === kindName(v))],
  ['base', fn([S], (p) => base(p as string))],
  ['dir', fn([S], (p) => dir(p as string))],
  ['clean', fn([S], (p) => clean(p as string))],
  ['ext', fn([S], (p) => ext(p as string))],
  ['isAbs', fn([S], (p) => (p as string).startsWith('/'))],
  ['osBase', fn([S], (p) => base(p as string))],
  ['osDir', fn([S], (p) => dir(p as string))],
  ['osClean', fn([S], (p) => clean(p as string))],
  ['osExt', fn([S], (p) => ext(p as string))],
  ['osIsAbs', fn([S], (p) => (p as string).startsWith('/'))],
];
