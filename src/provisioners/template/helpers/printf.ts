// A small Go `fmt.Sprintf`: the verbs provisioner templates use (%s %d %v %q %f %t %x %X %%),
// with flags `-`, `0`, `+` and width/precision. Unknown verbs print as Go does: `%!z(...)`.
import { formatValue, toNumber } from './values.js';

const VERB = /%([-+0 #]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;

/** Formats `format` with `args` the way Go's fmt.Sprintf does for common verbs. */
export function sprintf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(
    VERB,
    (_whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (next >= args.length) return `%!${verb}(MISSING)`;
      const arg = args[next++];
      const body = formatVerb(verb, arg, precision === undefined ? undefined : Number(precision), flags);
      if (body === undefined) return `%!${verb}(${formatValue(arg)})`;
      return pad(body, width === undefined ? 0 : Number(width), flags);
    },
  );
}

function formatVerb(verb: string, arg: unknown, precision: number | undefined, flags: string): string | undefined {
  switch (verb) {
    case 's':
    case 'v': {
      const s = formatValue(arg);
      return precision === undefined || verb === 'v' ? s : s.slice(0, precision);
    }
    case 'q':
      return JSON.stringify(formatValue(arg));
    case 't':
      return String(Boolean(arg));
    case 'd': {
      const n = Math.trunc(toNumber(arg, 'printf %d'));
      return flags.includes('+') && n >= 0 ? `+${n}` : String(n);
    }
    case 'f':
    case 'F':
      return toNumber(arg, 'printf %f').toFixed(precision ?? 6);
    case 'x':
    case 'X': {
      const hex =
        typeof arg === 'string'
          ? Buffer.from(arg, 'utf8').toString('hex')
          : Math.trunc(toNumber(arg, 'printf %x')).toString(16);
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return undefined;
  }
}

function pad(body: string, width: number, flags: string): string {
  if (body.length >= width) return body;
  if (flags.includes('-')) return body.padEnd(width, ' ');
  if (flags.includes('0') && /^[+-]?\d/.test(body)) {
    const sign = /^[+-]/.test(body) ? body[0]! : '';
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width, ' ');
}

/** Go's fmt.Sprint: operands joined, with a space only between two non-strings. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(arg);
  });
  return out;
}
