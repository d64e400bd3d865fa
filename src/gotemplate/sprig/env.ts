/**
 * sprig's `env` and `expandenv` (os.Getenv, os.ExpandEnv). The engine has no environment of its own
 * in its options, so they read the environment of this process, as sprig reads Go's.
 */
import { fn, type TemplateFunction } from '../function.js';
import type { GoValue } from '../values.js';

const getenv = (name: string): string => process.env[name] ?? '';

const isShellSpecial = (c: string): boolean => '*#$@!?-0123456789'.includes(c);
const isAlphaNum = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);

/** os's getShellName: the name after a `$` and how many bytes the reference takes ("" with w>0 is bad syntax). */
function shellName(s: string): [string, number] {
  const c0 = s[0] ?? '';
  if (c0 === '{') {
    if (s.length > 2 && isShellSpecial(s[1] ?? '') && s[2] === '}') return [s.slice(1, 2), 3];
    const close = s.indexOf('}', 1);
    if (close === 1) return ['', 2];
    if (close > 1) return [s.slice(1, close), close + 1];
    return ['', 1];
  }
  if (isShellSpecial(c0)) return [c0, 1];
  let i = 0;
  while (i < s.length && isAlphaNum(s[i] ?? '')) i++;
  return [s.slice(0, i), i];
}

/** os.Expand(s, os.Getenv): `$NAME` and `${NAME}`; a `$` followed by no name stays; `${}` and `${` vanish. */
function expandEnv(s: string): string {
  // Every character os.Expand looks at is ASCII, so UTF-16 indices serve as byte indices.
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w === 0) out += '$';
      else if (name !== '') out += getenv(name);
      j += w;
      i = j + 1;
    }
  }
  return out + s.slice(i);
}

export const ENV_FUNCS: [string, TemplateFunction][] = [
  ['env', fn(['string'], (name: GoValue) => getenv(name as string))],
  ['expandenv', fn(['string'], (s: GoValue) => expandEnv(s as string))],
];
