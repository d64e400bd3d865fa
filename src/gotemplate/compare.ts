/** The comparison builtins eq, ne, lt, le, gt, ge, with Go's kinds and errors. */
import { GoCallError } from './function.js';
import { sprintf } from './format.js';
import {
  GoMap,
  GoSlice,
  GoStruct,
  compareStrings,
  goTypeOf,
  isFloatKind,
  isIntKind,
  isNilValue,
  isUintKind,
  kindOf,
  numberOf,
  type GoValue,
} from './values.js';

type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(v: GoValue): BasicKind {
  if (v === undefined || v === null) return 'invalid';
  const k = kindOf(v);
  if (k === 'bool') return 'bool';
  if (k === 'string') return 'string';
  if (isIntKind(k)) return 'int';
  if (isUintKind(k)) return 'uint';
  if (isFloatKind(k)) return 'float';
  return 'invalid';
}

/** indirectInterface: a nil interface is no value. */
function deref(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

/** Go's `==` on two values of the same non-basic kind (structs by fields; maps and slices are not comparable). */
function equalOther(a: GoValue, b: GoValue): boolean {
  if (a === undefined || b === undefined || isNilValue(a) || isNilValue(b)) {
    return (a === undefined || isNilValue(a)) === (b === undefined || isNilValue(b));
  }
  if (kindOf(a) !== kindOf(b)) {
    throw new GoCallError(sprintf('non-comparable types %s: %v, %s: %v', [a, goTypeOf(a), goTypeOf(b), b]));
  }
  if (b instanceof GoMap || b instanceof GoSlice) {
    throw new GoCallError(sprintf('non-comparable type %s: %v', [b, goTypeOf(b)]));
  }
  if (a instanceof GoStruct && b instanceof GoStruct) return a === b;
  return a === b;
}

/** eq arg1 arg2...: true when arg1 equals any of the others. */
export function eq(arg1: GoValue, ...arg2: GoValue[]): boolean {
  const a = deref(arg1);
  if (arg2.length === 0) throw new GoCallError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const raw of arg2) {
    const b = deref(raw);
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) {
        truth = numberOf(a) >= 0 && numberOf(a) === numberOf(b);
      } else if (a !== undefined && b !== undefined) {
        throw new GoCallError('incompatible types for comparison');
      }
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          truth = a === b;
          break;
        case 'int':
        case 'uint':
        case 'float':
          truth = numberOf(a) === numberOf(b);
          break;
        default:
          truth = equalOther(a, b);
      }
    }
    if (truth) return true;
  }
  return false;
}

/** lt arg1 arg2. */
export function lt(arg1: GoValue, arg2: GoValue): boolean {
  const a = deref(arg1);
  const b = deref(arg2);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoCallError('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoCallError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return numberOf(a) < 0 || numberOf(a) < numberOf(b);
    if (k1 === 'uint' && k2 === 'int') return numberOf(b) >= 0 && numberOf(a) < numberOf(b);
    throw new GoCallError('incompatible types for comparison');
  }
  switch (k1) {
    case 'bool':
      throw new GoCallError('invalid type for comparison');
    case 'string':
      return compareStrings(a as string, b as string) < 0;
    default:
      return numberOf(a) < numberOf(b);
  }
}

/** le arg1 arg2. */
export function le(arg1: GoValue, arg2: GoValue): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2);
}
