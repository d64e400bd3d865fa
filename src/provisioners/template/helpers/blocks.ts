// Replacements for Handlebars' block helpers so templates behave like Go templates:
// `if`/`unless`/`with` use Go truthiness (an empty map is false), and `each` walks maps
// in sorted key order (Go's `range` does; JavaScript insertion order would make output
// depend on how the data was built).
import { type Helper, type HelperOptions, sortedKeys, truthy } from './values.js';
import { isRecord } from '../../../common/is-record.js';

function blockOptions(args: unknown[], helper: string): HelperOptions {
  const options = args[args.length - 1] as HelperOptions;
  if (typeof options?.fn !== 'function')
    throw new Error(`${helper} must be used as a block: {{#${helper} ...}}...{{/${helper}}}`);
  if (args.length !== 2) throw new Error(`#${helper} requires exactly one argument`);
  return options;
}

function inverse(options: HelperOptions, context: unknown): string {
  return options.inverse ? options.inverse(context) : '';
}

/** Block helpers by name (they replace the Handlebars built-ins of the same names). */
export const blockHelpers: Record<string, Helper> = {
  /** `{{#if x}}...{{else}}...{{/if}}` with Go truthiness: 0, "", null, [] and {} are false. */
  if(this: unknown, ...args: unknown[]) {
    const options = blockOptions(args, 'if');
    return truthy(args[0]) ? options.fn!(this) : inverse(options, this);
  },
  /** `{{#unless x}}...{{/unless}}`: the opposite of `if`. */
  unless(this: unknown, ...args: unknown[]) {
    const options = blockOptions(args, 'unless');
    return truthy(args[0]) ? inverse(options, this) : options.fn!(this);
  },
  /** `{{#with x as |v|}}...{{else}}...{{/with}}`: renders with x as context when x is non-empty. */
  with(this: unknown, ...args: unknown[]) {
    const options = blockOptions(args, 'with');
    const value = args[0];
    return truthy(value) ? options.fn!(value, { data: options.data, blockParams: [value] }) : inverse(options, this);
  },
  /**
   * `{{#each x as |value key|}}...{{else}}...{{/each}}`: lists in order, maps in sorted key
   * order; `@key`, `@index`, `@first` and `@last` are set; `else` renders when x is empty.
   */
  each(this: unknown, ...args: unknown[]) {
    const options = blockOptions(args, 'each');
    const value = args[0];
    let entries: Array<[string | number, unknown]> = [];
    if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
    else if (isRecord(value)) entries = sortedKeys(value).map((k) => [k, value[k]]);
    if (entries.length === 0) return inverse(options, this);
    let out = '';
    entries.forEach(([key, item], index) => {
      const data = {
        ...options.data,
        _parent: options.data,
        key,
        index,
        first: index === 0,
        last: index === entries.length - 1,
      };
      out += options.fn!(item, { data, blockParams: [item, key] });
    });
    return out;
  },
};

/** `{{#eachSorted x}}`: the same as `each` (which already sorts maps), for explicit templates. */
blockHelpers.eachSorted = blockHelpers.each!;
