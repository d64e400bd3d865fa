// Comparison, boolean and arithmetic helpers with Go template semantics: `and`/`or`
// return an operand (not a boolean), `eq a b c` is true when a equals b or c.
import { type Helper, plain, toNumber, truthy } from './values.js';
import { describeValue } from '../../../common/describe-value.js';

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return a === b || ((a === undefined || a === null) && (b === undefined || b === null));
}

function compare(a: unknown, b: unknown, helper: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`${helper}: incompatible types for comparison: ${describeValue(a)} and ${describeValue(b)}`);
}

/** Integer arithmetic when both operands are integers (as sprig), otherwise floating point. */
function arithmetic(helper: string, op: (a: number, b: number, ints: boolean) => number): Helper {
  return plain((...args) => {
    if (args.length < 2) throw new Error(`${helper}: expected at least two numbers`);
    const nums = args.map((a) => toNumber(a, helper));
    return nums.slice(1).reduce((acc, n) => op(acc, n, Number.isInteger(acc) && Number.isInteger(n)), nums[0]!);
  });
}

/** Comparison, boolean and arithmetic helpers by name. */
export const logicHelpers: Record<string, Helper> = {
  /** `eq a b c...`: true when a equals any of the others. */
  eq: plain((a, ...others) => others.some((b) => equal(a, b))),
  /** `ne a b` */
  ne: plain((a, b) => !equal(a, b)),
  /** `lt a b` (numbers or strings) */
  lt: plain((a, b) => compare(a, b, 'lt') < 0),
  /** `le a b` */
  le: plain((a, b) => compare(a, b, 'le') <= 0),
  /** `gt a b` */
  gt: plain((a, b) => compare(a, b, 'gt') > 0),
  /** `ge a b` */
  ge: plain((a, b) => compare(a, b, 'ge') >= 0),
  /** `and a b ...`: the first empty operand, else the last one. */
  and: plain((...args) => args.find((a) => !truthy(a)) ?? args.at(-1)),
  /** `or a b ...`: the first non-empty operand, else the last one. */
  or: plain((...args) => args.find(truthy) ?? args.at(-1)),
  /** `not a`: true when a is empty. */
  not: plain((a) => !truthy(a)),
  /** `ternary ifTrue ifFalse condition` */
  ternary: plain((ifTrue, ifFalse, condition) => (truthy(condition) ? ifTrue : ifFalse)),
  /** `add a b ...` */
  add: arithmetic('add', (a, b) => a + b),
  /** `sub a b` */
  sub: arithmetic('sub', (a, b) => a - b),
  /** `mul a b ...` */
  mul: arithmetic('mul', (a, b) => a * b),
  /** `div a b`: integer division when both are integers. */
  div: arithmetic('div', (a, b, ints) => {
    if (b === 0) throw new Error('div: division by zero');
    return ints ? Math.trunc(a / b) : a / b;
  }),
  /** `mod a b` */
  mod: arithmetic('mod', (a, b) => {
    if (b === 0) throw new Error('mod: division by zero');
    return a % b;
  }),
  /** `fail "message"`: stops rendering; the error ends with the message. */
  fail: plain((message) => {
    throw new Error(typeof message === 'string' ? message : JSON.stringify(message ?? ''));
  }),
};
