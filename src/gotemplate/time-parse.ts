/**
 * Go's time.ParseInLocation (reference-time layouts), time.Date, Time.Add, and time.Duration
 * (ParseDuration, String, Round), for sprig's date functions. Durations are int64 nanoseconds, as
 * bigints.
 */
import { daysFromCivil, fixedZone, UTC } from './timezone.js';
import { DAYS, MONTHS, TOKENS } from './time-format.js';
import { GoTime, type GoLocation } from './values.js';

/** A failed parse, with Go's message. */
export class TimeParseError extends Error {}

const NS = 1_000_000_000n;
const MAX_DURATION = 2n ** 63n - 1n;

/** time.Date: the instant of a wall clock reading in `loc` (fields may be out of range: they carry). */
export function goDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  loc: GoLocation,
): GoTime {
  const wall = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec + Math.floor(nsec / 1e9);
  const ns = ((nsec % 1e9) + 1e9) % 1e9;
  // The offset in effect at the wall time read as UTC, then at the instant that gives, as Go does.
  let offset = loc.lookup(wall).offset;
  if (offset !== 0) {
    const second = loc.lookup(wall - offset).offset;
    if (second !== offset) offset = second;
  }
  return new GoTime(wall - offset, ns, loc);
}

/** Time.Add. */
export function addDuration(t: GoTime, d: bigint): GoTime {
  const total = BigInt(t.sec) * NS + BigInt(t.nsec) + d;
  let sec = total / NS;
  let nsec = total % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return new GoTime(Number(sec), Number(nsec), t.loc, t.monoNs === undefined ? undefined : t.monoNs + d);
}

/** Time.Sub (t - u), saturating at the int64 range as Go does. */
export function subTimes(t: GoTime, u: GoTime): bigint {
  const d =
    t.monoNs !== undefined && u.monoNs !== undefined
      ? t.monoNs - u.monoNs
      : (BigInt(t.sec) - BigInt(u.sec)) * NS + BigInt(t.nsec - u.nsec);
  if (d > MAX_DURATION) return MAX_DURATION;
  if (d < -MAX_DURATION - 1n) return -MAX_DURATION - 1n;
  return d;
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign
  μs: 1000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

/** time.ParseDuration. */
export function parseDuration(s: string): bigint {
  const invalid = (): TimeParseError => new TimeParseError(`time: invalid duration ${quoteTime(s)}`);
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = m?.[1] ?? '';
    const frac = m?.[2];
    if (whole === '' && (frac === undefined || frac === '')) throw invalid();
    rest = rest.slice(m?.[0].length ?? 0);
    const unitMatch = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unitMatch === '') throw new TimeParseError(`time: missing unit in duration ${quoteTime(s)}`);
    const unit = UNITS[unitMatch];
    if (unit === undefined) {
      throw new TimeParseError(`time: unknown unit ${quoteTime(unitMatch)} in duration ${quoteTime(s)}`);
    }
    rest = rest.slice(unitMatch.length);
    const v = BigInt(whole === '' ? '0' : whole);
    if (v > MAX_DURATION / unit) throw invalid();
    let part = v * unit;
    if (frac) {
      // The fraction's digits beyond int64 precision are dropped, as Go scales them.
      const digits = frac.slice(0, 18);
      part += (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
    }
    total += part;
    if (total > MAX_DURATION + (neg ? 1n : 0n)) throw invalid();
  }
  return neg ? -total : total;
}

/** Duration.String: `1h2m3.5s`, `1.5ms`, `0s`. */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  const u = neg ? -d : d;
  const frac = (v: bigint, digits: number): string => {
    const scale = 10n ** BigInt(digits);
    const f = String(v % scale)
      .padStart(digits, '0')
      .replace(/0+$/, '');
    return `${v / scale}${f === '' ? '' : `.${f}`}`;
  };
  let out: string;
  if (u < NS) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${frac(u, 3)}µs`;
    else out = `${frac(u, 6)}ms`;
  } else {
    const h = u / (3600n * NS);
    const m = (u / (60n * NS)) % 60n;
    const secs = frac(u % (60n * NS), 9);
    out = h > 0n ? `${h}h${m}m${secs}s` : m > 0n ? `${m}m${secs}s` : `${secs}s`;
  }
  return neg ? `-${out}` : out;
}

/** Duration.Round(m): half away from zero, saturating. */
export function roundDuration(d: bigint, m: bigint): bigint {
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : -MAX_DURATION - 1n;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d ? d1 : MAX_DURATION;
}

/** Go's quote() in time error messages: a double-quoted string. */
function quoteTime(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The index in `names` of the one `value` starts with (ASCII case-insensitively), and its length. */
function lookupName(names: readonly string[], value: string): number {
  for (let i = 0; i < names.length; i++) {
    const n = names[i] ?? '';
    if (value.length >= n.length && lower(value.slice(0, n.length)) === lower(n)) return i;
  }
  return -1;
}

/** The length of a time zone abbreviation at the start of `value` (Go's parseTimeZone), or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-]\d+)?/.exec(value);
    const sign = m?.[1];
    if (sign !== undefined) {
      const n = Number(sign);
      if (n < -23 || n > 23) return 3;
    }
    return m?.[0].length ?? 3;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-](\d+)/.exec(value);
    if (!m || Number(m[1]) > 24) return 0;
    return m[0].length;
  }
  let n = 0;
  while (n < value.length && /[A-Z]/.test(value[n] ?? '')) n++;
  switch (n) {
    case 3:
      return 3;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 5:
      return value[4] === 'T' ? 5 : 0;
  }
  return 0;
}

/** Go's zone-name lookup in a location: a zone of that name in effect near `unix`, then any of that name. */
function offsetOfName(loc: GoLocation, name: string, unix: number): number | undefined {
  // Probing the instants around `unix` finds the zones the location gives then (a TZif's zones are not exposed).
  for (const probe of [0, -6, 6, -12, 12, -24, 24].map((h) => unix + h * 3600)) {
    const z = loc.lookup(probe);
    if (z.name === name && loc.lookup(unix - z.offset).name === name) return z.offset;
  }
  if (loc === UTC && name === 'UTC') return 0;
  return undefined;
}

/** time.ParseInLocation(layout, value, loc). */
export function parseTime(layout: string, value: string, loc: GoLocation): GoTime {
  const original = value;
  const fail = (valueElem: string, layoutElem: string, message?: string): TimeParseError =>
    new TimeParseError(
      message !== undefined
        ? `parsing time ${quoteTime(original)}${message}`
        : `parsing time ${quoteTime(original)} as ${quoteTime(layout)}: cannot parse ${quoteTime(valueElem)} as ${quoteTime(layoutElem)}`,
    );
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pm = false;
  let am = false;
  let z: GoLocation | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let i = 0;
  const num = (tok: string, width: number, fixed: boolean, max?: number): number => {
    const m = (fixed ? new RegExp(`^[0-9]{${width}}`) : new RegExp(`^[0-9]{1,${width}}`)).exec(value);
    if (!m) throw fail(value, tok);
    value = value.slice(m[0].length);
    const n = Number(m[0]);
    if (max !== undefined && n > max) throw fail(original, tok, `: ${tok} out of range`);
    return n;
  };
  const nanos = (n: number): number => {
    const digits = value.slice(1, n);
    if (!/^[0-9]*$/.test(digits)) throw fail(value, layout);
    value = value.slice(n);
    return Number(digits.slice(0, 9).padEnd(9, '0'));
  };
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    const tok = frac ? frac[0] : TOKENS.find((k) => layout.startsWith(k, i));
    if (!tok) {
      if (value[0] !== layout[i]) throw fail(value, layout.slice(i));
      value = value.slice(1);
      i++;
      continue;
    }
    i += tok.length;
    switch (tok) {
      case '2006':
        year = num(tok, 4, true);
        break;
      case '06': {
        const y = num(tok, 2, true);
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case 'January':
      case 'Jan': {
        const names = tok === 'Jan' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
        month = lookupName(names, value) + 1;
        if (month === 0) throw fail(value, tok);
        value = value.slice((names[month - 1] ?? '').length);
        break;
      }
      case 'Monday':
      case 'Mon': {
        const names = tok === 'Mon' ? DAYS.map((d) => d.slice(0, 3)) : DAYS;
        const d = lookupName(names, value);
        if (d < 0) throw fail(value, tok);
        value = value.slice((names[d] ?? '').length);
        break;
      }
      case '01':
      case '1':
        month = num(tok, 2, tok === '01');
        if (month < 1 || month > 12) throw fail(original, tok, ': month out of range');
        break;
      case '02':
      case '_2':
      case '2':
        if (tok === '_2' && value.startsWith(' ')) value = value.slice(1);
        day = num(tok, 2, tok === '02');
        break;
      case '__2':
      case '002':
        if (tok === '__2') value = value.replace(/^ {1,2}/, '');
        yday = num(tok, 3, tok === '002');
        if (yday < 1 || yday > 366) throw fail(original, tok, ': day-of-year out of range');
        break;
      case '15':
        hour = num(tok, 2, false);
        if (hour > 23) throw fail(original, tok, ': hour out of range');
        break;
      case '03':
      case '3':
        hour = num(tok, 2, tok === '03');
        if (hour > 12) throw fail(original, tok, ': hour out of range');
        break;
      case '04':
      case '4':
        min = num(tok, 2, tok === '04');
        if (min > 59) throw fail(original, tok, ': minute out of range');
        break;
      case '05':
      case '5': {
        sec = num(tok, 2, tok === '05');
        if (sec > 59) throw fail(original, tok, ': second out of range');
        // A fractional second the layout does not mention is read anyway, as Go does.
        if (/^[.,][0-9]/.test(value) && !/^[.,](0+|9+)(?![0-9])/.test(layout.slice(i))) {
          const n = (/^[.,][0-9]+/.exec(value)?.[0] ?? '').length;
          nsec = nanos(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2);
        if (p === (tok === 'PM' ? 'PM' : 'pm')) pm = true;
        else if (p === (tok === 'PM' ? 'AM' : 'am')) am = true;
        else throw fail(value, tok);
        value = value.slice(2);
        break;
      }
      case 'MST': {
        if (value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = timeZoneLength(value);
        if (n === 0) throw fail(value, tok);
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      default: {
        if (tok[0] === '.' || tok[0] === ',') {
          if (tok[1] === '0') {
            if (value.length < tok.length || !/^[.,]/.test(value)) throw fail(value, tok);
            nsec = nanos(tok.length);
          } else if (/^[.,][0-9]/.test(value)) {
            nsec = nanos((/^[.,][0-9]*/.exec(value)?.[0] ?? '').length);
          }
          break;
        }
        // Zone offsets: Z07:00, -0700, ...
        if (tok[0] === 'Z' && value.startsWith('Z')) {
          z = UTC;
          value = value.slice(1);
          break;
        }
        const shape = tok.replace(/^Z/, '-');
        const pattern: Record<string, RegExp> = {
          '-07': /^([+-])([0-9]{2})/,
          '-0700': /^([+-])([0-9]{2})([0-9]{2})/,
          '-07:00': /^([+-])([0-9]{2}):([0-9]{2})/,
          '-070000': /^([+-])([0-9]{2})([0-9]{2})([0-9]{2})/,
          '-07:00:00': /^([+-])([0-9]{2}):([0-9]{2}):([0-9]{2})/,
        };
        const m = pattern[shape]?.exec(value);
        if (!m) throw fail(value, tok);
        value = value.slice(m[0].length);
        const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
        zoneOffset = m[1] === '-' ? -secs : secs;
      }
    }
  }
  if (value !== '') throw fail(original, layout, `: extra text: ${quoteTime(value)}`);
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (yday > (leap ? 366 : 365)) throw fail(original, '', ': day-of-year out of range');
    const jan1 = daysFromCivil(year, 1, 1);
    const date = new Date((jan1 + yday - 1) * 86_400_000);
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    if ((month >= 0 && month !== m) || (day >= 0 && day !== d)) {
      throw fail(original, '', ': day-of-year does not match ' + (month >= 0 && month !== m ? 'month' : 'day'));
    }
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
  if (day < 1 || day > dim) throw fail(original, '', ': day out of range');

  if (z) return goDate(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const unix = t.sec - zoneOffset;
    const local = loc.lookup(unix);
    if (local.offset === zoneOffset && (zoneName === '' || local.name === zoneName)) {
      return new GoTime(unix, t.nsec, loc);
    }
    return new GoTime(unix, t.nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const offset = offsetOfName(loc, zoneName, t.sec);
    if (offset !== undefined) return new GoTime(t.sec - offset, t.nsec, loc);
    let fake = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) fake = Number(zoneName.slice(3)) * 3600;
    return new GoTime(t.sec, t.nsec, fixedZone(zoneName, fake));
  }
  return goDate(year, month, day, hour, min, sec, nsec, loc);
}
