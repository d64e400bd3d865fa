/**
 * sprig's `semver` and `semverCompare`: Masterminds/semver v3 (NewVersion, NewConstraint, Check).
 *
 * `semver` gives a *semver.Version as a `GoStruct` whose String() is the normalised version: it prints
 * as Go prints it, and its argument-less accessor methods (`.Major`, `.Minor`, `.Patch`, `.Prerelease`,
 * `.Metadata`, `.Original`) are modelled as fields, its other methods (`.Compare`, `.LessThan`,
 * `.GreaterThan`, `.Equal`, `.IncMajor`, `.IncMinor`, `.IncPatch`, `.SetPrerelease`, `.SetMetadata`,
 * `.String`) as methods. Segments beyond 2^53 print rounded.
 */
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { GoNumber, GoStruct, type GoField, type GoValue } from '../values.js';

class SemverError extends Error {}

interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

const MAX_UINT64 = 2n ** 64n - 1n;

// Go's \s is ASCII white space only (no \v).
const WS = '[\\t\\n\\f\\r ]';
const SEMVER =
  'v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';

const VERSION_RE = new RegExp(`^${SEMVER}$`);
const CONSTRAINT_RE = new RegExp(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const RANGE_RE = new RegExp(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g');
const FIND_RE = new RegExp(`(${OPS})${WS}*(${CV})`, 'g');
const VALID_RE = new RegExp(`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`);

/** strconv.ParseUint(s, 10, 64) of a string of digits. */
function parseSegment(s: string): bigint {
  const n = BigInt(s);
  if (n > MAX_UINT64) {
    throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
  }
  return n;
}

const containsOnly = (s: string, allowed: RegExp): boolean => [...s].every((c) => allowed.test(c));
const DIGIT = /^[0-9]$/;
const ALLOWED = /^[0-9A-Za-z-]$/;

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (containsOnly(part, DIGIT)) {
      if (part.length > 1 && part.startsWith('0')) throw new SemverError('Version segment starts with 0');
    } else if (!containsOnly(part, ALLOWED)) throw new SemverError('Invalid Prerelease string');
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (!containsOnly(part, ALLOWED)) throw new SemverError('Invalid Metadata string');
  }
}

/** semver.NewVersion. */
function newVersion(v: string): Version {
  const m = VERSION_RE.exec(v);
  if (!m) throw new SemverError('Invalid Semantic Version');
  const seg = (s: string | undefined): bigint => (s ? parseSegment(s.replace(/^\./, '')) : 0n);
  const version: Version = {
    major: seg(m[1]),
    minor: seg(m[2]),
    patch: seg(m[3]),
    pre: m[5] ?? '',
    metadata: m[8] ?? '',
    original: v,
  };
  if (version.pre !== '') validatePrerelease(version.pre);
  if (version.metadata !== '') validateMetadata(version.metadata);
  return version;
}

/** Version.String. */
function versionString(v: Version): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre !== '') s += `-${v.pre}`;
  if (v.metadata !== '') s += `+${v.metadata}`;
  return s;
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const UINT = /^[0-9]+$/;

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const oNum = UINT.test(o) && BigInt(o) <= MAX_UINT64;
  const sNum = UINT.test(s) && BigInt(s) <= MAX_UINT64;
  if (!oNum && !sNum) return Buffer.compare(Buffer.from(s), Buffer.from(o)) > 0 ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare. */
function compare(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

interface Constraint {
  readonly con: Version;
  readonly orig: string;
  readonly op: string;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
  readonly dirty: boolean;
}

const isX = (s: string): boolean => s === 'x' || s === '*' || s === 'X';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new SemverError(`improper constraint: ${c}`);
  const [, op = '', orig = '', m3 = '', m4 = '', m5 = '', m6 = ''] = m;
  let ver = orig;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(m3) || m3 === '') {
    ver = `0.0.0${m6}`;
    dirty = true;
  } else if (isX(m4.replace(/^\./, '')) || m4 === '') {
    minorDirty = true;
    dirty = true;
    ver = `${m3}.0.0${m6}`;
  } else if (isX(m5.replace(/^\./, '')) || m5 === '') {
    dirty = true;
    patchDirty = true;
    ver = `${m3}${m4}.0${m6}`;
  }
  let con: Version;
  try {
    con = newVersion(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { con, orig, op, minorDirty, patchDirty, dirty };
}

/** rewriteRange: `a - b` becomes `>= a, <= b`. */
function rewriteRange(i: string): string {
  let o = i;
  for (const m of i.matchAll(RANGE_RE)) o = o.replace(m[0], `>= ${m[1] ?? ''}, <= ${m[11] ?? ''}`);
  return o;
}

/** semver.NewConstraint: alternatives (||) of conjunctions. */
function newConstraint(c: string): Constraint[][] {
  return rewriteRange(c)
    .split('||')
    .map((v) => {
      if (!VALID_RE.test(v)) throw new SemverError(`improper constraint: ${v}`);
      const found = [...v.matchAll(FIND_RE)].map((m) => m[0]);
      return (found.length > 0 ? found : [v]).map(parseConstraint);
    });
}

/** Whether v satisfies one constraint (the check functions, without their error texts). */
function check(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (c.op !== '!=' && v.pre !== '' && con.pre === '') return false;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : compare(v, con) === 0;
    case '!=':
      if (c.dirty) {
        if (v.pre !== '' && con.pre === '') return false;
        if (con.major !== v.major) return true;
        if (con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || con.pre !== '') return comparePrerelease(v.pre, con.pre) !== 0;
          return false;
        }
      }
      return compare(v, con) !== 0;
    case '>':
      if (!c.dirty) return compare(v, con) === 1;
      if (v.major > con.major) return true;
      if (v.major < con.major || c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compare(v, con) === 1;
    case '<':
      return compare(v, con) < 0;
    case '>=':
    case '=>':
      return compare(v, con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compare(v, con) <= 0;
      if (v.major > con.major) return false;
      return !(v.major === con.major && v.minor > con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
  return false;
}

function tilde(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (compare(v, con) < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return !(v.minor !== con.minor && !c.minorDirty);
}

function caret(v: Version, c: Constraint): boolean {
  const con = c.con;
  if (compare(v, con) < 0) return false;
  if (con.major > 0n || c.minorDirty) return v.major === con.major;
  if (v.major > 0n) return false;
  if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
  if (v.minor > 0n) return false;
  return con.patch === v.patch;
}

function semverCompare(constraint: string, version: string): boolean {
  const cs = newConstraint(constraint);
  const v = newVersion(version);
  return cs.some((and) => and.every((c) => check(v, c)));
}

/** The version's 'v' prefix, which the Inc and Set methods keep in Original. */
const vPrefix = (v: Version): string => (v.original.startsWith('v') ? 'v' : '');

/** A derived version, its Original rewritten as the Inc and Set methods do. */
function derived(v: Version, change: Partial<Version>): Version {
  const next = { ...v, ...change };
  return { ...next, original: vPrefix(v) + versionString(next) };
}

const PTR = '*semver.Version';

/**
 * A *semver.Version (`pointer`) or a semver.Version (what IncMajor and the like return) as the
 * engine's value. The accessors are fields; the other methods are methods. A semver.Version returned
 * by a method is not addressable in Go, so it lacks the pointer methods: Original, Compare, LessThan,
 * GreaterThan, Equal.
 */
function versionValue(v: Version, pointer = true): GoStruct {
  const u64 = (n: bigint): GoField => ({ type: 'uint64', value: new GoNumber('uint64', Number(n)) });
  const str = (s: string): GoField => ({ type: 'string', value: s });
  const fields = new Map<string, GoField>([
    ['Major', u64(v.major)],
    ['Minor', u64(v.minor)],
    ['Patch', u64(v.patch)],
    ['Prerelease', str(v.pre)],
    ['Metadata', str(v.metadata)],
  ]);
  const value = (next: Version): GoStruct => versionValue(next, false);
  const other = (o: GoValue): Version => {
    const found = o instanceof GoStruct ? versions.get(o) : undefined;
    if (!found) throw new GoCallError('runtime error: invalid memory address or nil pointer dereference');
    return found;
  };
  const set = (key: 'pre' | 'metadata', validate: (s: string) => void) =>
    fn(['string'], (s) =>
      goError(() => {
        if ((s as string) !== '') validate(s as string);
        return value(derived(v, { [key]: s as string }));
      }),
    );
  const methods = new Map<string, TemplateFunction>([
    ['String', fn([], () => versionString(v))],
    [
      'IncPatch',
      fn([], () =>
        value(derived(v, v.pre !== '' ? { pre: '', metadata: '' } : { pre: '', metadata: '', patch: v.patch + 1n })),
      ),
    ],
    ['IncMinor', fn([], () => value(derived(v, { pre: '', metadata: '', patch: 0n, minor: v.minor + 1n })))],
    ['IncMajor', fn([], () => value(derived(v, { pre: '', metadata: '', patch: 0n, minor: 0n, major: v.major + 1n })))],
    ['SetPrerelease', set('pre', validatePrerelease)],
    ['SetMetadata', set('metadata', validateMetadata)],
  ]);
  if (pointer) {
    fields.set('Original', str(v.original));
    methods.set(
      'Compare',
      fn([PTR], (o) => compare(v, other(o))),
    );
    methods.set(
      'LessThan',
      fn([PTR], (o) => compare(v, other(o)) < 0),
    );
    methods.set(
      'GreaterThan',
      fn([PTR], (o) => compare(v, other(o)) > 0),
    );
    methods.set(
      'Equal',
      fn([PTR], (o) => compare(v, other(o)) === 0),
    );
  }
  const result = new GoStruct(pointer ? PTR : 'semver.Version', fields, () => versionString(v), methods);
  versions.set(result, v);
  return result;
}

/** The version behind each value, for the methods that take another version. */
const versions = new WeakMap<GoStruct, Version>();

const goError = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof SemverError) throw new GoCallError(e.message);
    throw e;
  }
};

export const SEMVER_FUNCS: [string, TemplateFunction][] = [
  ['semver', fn(['string'], (v: GoValue) => goError(() => versionValue(newVersion(v as string))))],
  [
    'semverCompare',
    fn(['string', 'string'], (c: GoValue, v: GoValue) => goError(() => semverCompare(c as string, v as string))),
  ],
];
