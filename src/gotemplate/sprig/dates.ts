/**
 * sprig's date functions (date.go): `now`, `date`, `dateInZone`, `htmlDate`, `dateModify`, `toDate`,
 * `duration`, `durationRound`, `ago`, `unixEpoch`. Times are Go time.Time values (`GoTime`) in a
 * location read from the system's tz database as Go reads it; `date` and `toDate` use Go's Local
 * (from $TZ or /etc/localtime).
 */
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import {
  addDuration,
  durationString,
  parseDuration,
  parseTime,
  roundDuration,
  subTimes,
  TimeParseError,
} from '../time-parse.js';
import { formatGoTime } from '../time-format.js';
import { loadLocation, localLocation, UTC } from '../timezone.js';
import { GoNumber, GoTime, type GoValue } from '../values.js';

const ANY = 'interface {}';
const TIME = 'time.Time';
const NS = 1_000_000_000n;
const MAX_DURATION = 2n ** 63n - 1n;

// The monotonic clock of time.Now: nanoseconds since the process started, as Go's runtime counts them.
const processStart = process.hrtime.bigint() - BigInt(Math.round(process.uptime() * 1e9));

/** time.Now: the wall clock in Local, with a monotonic reading. */
function now(): GoTime {
  const mono = process.hrtime.bigint() - processStart;
  const ms = Date.now();
  const micros = BigInt(Math.round(performance.timeOrigin * 1000 + performance.now() * 1000));
  // Date.now() has millisecond resolution; performance gives the microseconds within it when they agree.
  const sub = Number(micros / 1000n) === ms ? Number(micros % 1000n) * 1000 : 0;
  return new GoTime(Math.floor(ms / 1000), (ms % 1000) * 1_000_000 + sub, localLocation(), mono);
}

/** The int kinds sprig's type switches accept as unix seconds. */
function unixSeconds(v: GoValue, kinds: readonly string[]): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && kinds.includes('int')) return v;
  if (v instanceof GoNumber && kinds.includes(v.type)) return v.value;
  return undefined;
}

/** sprig's dateInZone: a time, or int/int64/int32 unix seconds, else now; an unknown zone is UTC. */
function dateInZone(layout: GoValue, date: GoValue, zone: GoValue): string {
  let t: GoTime;
  const secs = unixSeconds(date, ['int', 'int64', 'int32']);
  if (date instanceof GoTime) t = date;
  else if (secs !== undefined) t = new GoTime(secs, 0, UTC);
  else t = now();
  const loc = loadLocation(zone as string) ?? UTC;
  return formatGoTime(new GoTime(t.sec, t.nsec, loc), layout as string);
}

function modify(spec: GoValue, date: GoValue, must: boolean): GoValue {
  const t = date as GoTime;
  let d: bigint;
  try {
    d = parseDuration(spec as string);
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (must) throw new GoCallError(e.message);
    return t;
  }
  return addDuration(t, d);
}

function toDate(layout: GoValue, value: GoValue, must: boolean): GoValue {
  try {
    return parseTime(layout as string, value as string, localLocation());
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (must) throw new GoCallError(e.message);
    return new GoTime(-62_135_596_800, 0, UTC);
  }
}

/** strconv.ParseInt(s, 10, 64) as sprig's duration ignores its error: 0, or the limit when out of range. */
function parseInt64(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  if (n > MAX_DURATION) return MAX_DURATION;
  if (n < -MAX_DURATION - 1n) return -MAX_DURATION - 1n;
  return n;
}

/** sprig's duration: seconds (a string or an int64; any other type is 0) as a Duration's String. */
function duration(v: GoValue): string {
  let n = 0n;
  if (typeof v === 'string') n = parseInt64(v);
  else if (v instanceof GoNumber && v.type === 'int64') n = BigInt(v.value);
  // Duration(n) * Second overflows as int64 arithmetic does in Go.
  return durationString(BigInt.asIntN(64, n * NS));
}

const YEAR = 365n * 24n * 3600n * NS;
const UNITS: [bigint, string][] = [
  [YEAR, 'y'],
  [30n * 24n * 3600n * NS, 'mo'],
  [24n * 3600n * NS, 'd'],
  [3600n * NS, 'h'],
  [60n * NS, 'm'],
  [NS, 's'],
];

/** sprig's durationRound: the largest unit the duration exceeds, truncated (`2h`, `3mo`, `0s`). */
function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch (e) {
      if (!(e instanceof TimeParseError)) throw e;
    }
  } else if (v instanceof GoNumber && v.type === 'int64') d = BigInt(v.value);
  else if (v instanceof GoTime) d = subTimes(now(), v);
  const u = BigInt.asUintN(64, d < 0n ? -d : d);
  for (const [size, unit] of UNITS) if (u > size) return `${u / size}${unit}`;
  return '0s';
}

/** sprig's dateAgo: the time since a time or int/int64 unix seconds (else now), to the second. */
function ago(v: GoValue): string {
  const secs = unixSeconds(v, ['int', 'int64']);
  const current = now();
  const t = v instanceof GoTime ? v : secs !== undefined ? new GoTime(secs, 0, UTC) : current;
  return durationString(roundDuration(subTimes(current, t), NS));
}

export const DATE_FUNCS: [string, TemplateFunction][] = [
  ['now', fn([], () => now())],
  ['date', fn(['string', ANY], (f, d) => dateInZone(f, d, 'Local'))],
  ['dateInZone', fn(['string', ANY, 'string'], dateInZone)],
  ['date_in_zone', fn(['string', ANY, 'string'], dateInZone)],
  ['htmlDate', fn([ANY], (d) => dateInZone('2006-01-02', d, 'Local'))],
  ['htmlDateInZone', fn([ANY, 'string'], (d, z) => dateInZone('2006-01-02', d, z))],
  ['dateModify', fn(['string', TIME], (s, d) => modify(s, d, false))],
  ['date_modify', fn(['string', TIME], (s, d) => modify(s, d, false))],
  ['mustDateModify', fn(['string', TIME], (s, d) => modify(s, d, true))],
  ['must_date_modify', fn(['string', TIME], (s, d) => modify(s, d, true))],
  ['toDate', fn(['string', 'string'], (f, s) => toDate(f, s, false))],
  ['mustToDate', fn(['string', 'string'], (f, s) => toDate(f, s, true))],
  ['duration', fn([ANY], duration)],
  ['durationRound', fn([ANY], durationRound)],
  ['ago', fn([ANY], ago)],
  ['unixEpoch', fn([TIME], (d) => String((d as GoTime).sec))],
];
