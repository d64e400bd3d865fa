/**
 * Go's *time.Location: UTC, Local, fixed zones, and zones loaded by name from the tz database files
 * (TZif, with the POSIX TZ rule of their footer for instants after the last transition), as
 * time.LoadLocation reads them. Go reads the system's files rather than using an embedded database,
 * so doing the same here gives the same offsets and abbreviations as Go on the same machine (Intl
 * would give other abbreviations, `GMT+1` where Go prints `CET`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoLocation, GoZone } from './values.js';

const UTC_ZONE: GoZone = { name: 'UTC', offset: 0 };

/** time.UTC. */
export const UTC: GoLocation = { name: 'UTC', lookup: () => UTC_ZONE };

/** time.FixedZone(name, offset). */
export function fixedZone(name: string, offset: number): GoLocation {
  const zone = { name, offset };
  return { name, lookup: () => zone };
}

interface TzZone extends GoZone {
  readonly isDst: boolean;
}

interface Transition {
  readonly when: number;
  readonly index: number;
}

const SECONDS_PER_DAY = 86_400;

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (month: number, year: number): number =>
  month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 30);

/** Days since 1970-01-01 of a proleptic Gregorian date (month and day may be out of range). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y0 = year + Math.floor((month - 1) / 12);
  const m0 = (((month - 1) % 12) + 12) % 12;
  const y = m0 < 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m0 + 10) % 12;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + day - 1;
}

/** The proleptic Gregorian year of a day number (days since 1970-01-01). */
function yearOfDay(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

type Rule =
  | { kind: 'julian' | 'doy'; day: number; time: number }
  | { kind: 'mwd'; mon: number; week: number; day: number; time: number };

/** A POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`), as Go's tzset reads a TZif footer. */
interface PosixTz {
  readonly std: GoZone;
  readonly dst?: GoZone;
  readonly start?: Rule;
  readonly end?: Rule;
}

function parsePosixTz(s: string): PosixTz | undefined {
  let rest = s;
  const name = (): string | undefined => {
    const m = rest.startsWith('<') ? /^<([^>]*)>/.exec(rest) : /^([^0-9,+-]{3,})/.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    return m[1];
  };
  const offset = (): number | undefined => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -secs : secs;
  };
  const rule = (): Rule | undefined => {
    let r: Rule;
    let m: RegExpExecArray | null;
    if ((m = /^J(\d{1,3})/.exec(rest))) r = { kind: 'julian', day: Number(m[1]), time: 7200 };
    else if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest)))
      r = { kind: 'mwd', mon: Number(m[1]), week: Number(m[2]), day: Number(m[3]), time: 7200 };
    else if ((m = /^(\d{1,3})/.exec(rest))) r = { kind: 'doy', day: Number(m[1]), time: 7200 };
    else return undefined;
    rest = rest.slice(m[0].length);
    if (rest.startsWith('/')) {
      rest = rest.slice(1);
      const t = offset();
      if (t === undefined) return undefined;
      r = { ...r, time: t };
    }
    return r;
  };
  const stdName = name();
  const stdOff = stdName === undefined ? undefined : offset();
  if (stdName === undefined || stdOff === undefined) return undefined;
  const std = { name: stdName, offset: -stdOff };
  if (rest === '') return { std };
  const dstName = name();
  if (dstName === undefined) return undefined;
  let dstOffset = std.offset + 3600;
  if (rest !== '' && !rest.startsWith(',')) {
    const o = offset();
    if (o === undefined) return undefined;
    dstOffset = -o;
  }
  // No rules: the US rules, as Go assumes.
  if (rest === '') rest = ',M3.2.0,M11.1.0';
  if (!rest.startsWith(',')) return undefined;
  rest = rest.slice(1);
  const start = rule();
  if (start === undefined || !rest.startsWith(',')) return undefined;
  rest = rest.slice(1);
  const end = rule();
  if (end === undefined || rest !== '') return undefined;
  return { std, dst: { name: dstName, offset: dstOffset }, start, end };
}

/** Seconds after the start of `year` (UTC) at which a rule takes effect, for a zone at offset `off`. */
function ruleTime(year: number, r: Rule, off: number): number {
  let day: number;
  switch (r.kind) {
    case 'julian':
      day = r.day - 1 + (isLeap(year) && r.day >= 60 ? 1 : 0);
      break;
    case 'doy':
      day = r.day;
      break;
    case 'mwd': {
      const first = daysFromCivil(year, r.mon, 1);
      const dow = (((first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      let d = (r.day - dow + 7) % 7;
      for (let i = 1; i < r.week && d + 7 < daysIn(r.mon, year); i++) d += 7;
      day = first + d - daysFromCivil(year, 1, 1);
      break;
    }
  }
  return day * SECONDS_PER_DAY + r.time - off;
}

function posixLookup(tz: PosixTz, sec: number): GoZone {
  if (!tz.dst || !tz.start || !tz.end) return tz.std;
  const days = Math.floor(sec / SECONDS_PER_DAY);
  const year = yearOfDay(days);
  const ysec = sec - daysFromCivil(year, 1, 1) * SECONDS_PER_DAY;
  let startSec = ruleTime(year, tz.start, tz.std.offset);
  let endSec = ruleTime(year, tz.end, tz.dst.offset);
  let std = tz.std;
  let dst = tz.dst;
  // Southern hemisphere: daylight time spans the new year.
  if (endSec < startSec) {
    [startSec, endSec] = [endSec, startSec];
    [std, dst] = [dst, std];
  }
  return ysec < startSec || ysec >= endSec ? std : dst;
}

/** time.LoadLocationFromTZData: undefined when the data is not TZif. */
function fromTzData(name: string, data: Buffer): GoLocation | undefined {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const version = data[4] ?? 0;
  let pos = 0;
  const counts = (): number[] => [0, 1, 2, 3, 4, 5].map((i) => data.readUInt32BE(pos + 20 + i * 4));
  let [isutc = 0, isstd = 0, leap = 0, timecnt = 0, typecnt = 0, charcnt = 0] = counts();
  let timeSize = 4;
  if (version !== 0 && version !== 0x20) {
    // Version 2 and later repeat the data with 64-bit times after the version 1 block.
    pos += 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc;
    if (data.length < pos + 44) return undefined;
    [isutc = 0, isstd = 0, leap = 0, timecnt = 0, typecnt = 0, charcnt = 0] = counts();
    timeSize = 8;
  }
  pos += 44;
  const when: number[] = [];
  for (let i = 0; i < timecnt; i++) {
    when.push(timeSize === 8 ? Number(data.readBigInt64BE(pos + i * 8)) : data.readInt32BE(pos + i * 4));
  }
  pos += timecnt * timeSize;
  const tx: Transition[] = when.map((w, i) => ({ when: w, index: data[pos + i] ?? 0 }));
  pos += timecnt;
  const typesAt = pos;
  pos += typecnt * 6;
  const chars = data.toString('latin1', pos, pos + charcnt);
  pos += charcnt + leap * (timeSize + 4) + isstd + isutc;
  const zones: TzZone[] = [];
  for (let i = 0; i < typecnt; i++) {
    const at = typesAt + i * 6;
    const abbr = data[at + 5] ?? 0;
    const end = chars.indexOf('\0', abbr);
    zones.push({
      offset: data.readInt32BE(at),
      isDst: data[at + 4] !== 0,
      name: chars.slice(abbr, end < 0 ? undefined : end),
    });
  }
  if (zones.length === 0) return undefined;
  let extend: PosixTz | undefined;
  if (timeSize === 8) {
    const footer = data.toString('latin1', pos).split('\n')[1];
    if (footer) extend = parsePosixTz(footer);
  }
  const first = firstZone(zones, tx);
  return {
    name,
    lookup(sec: number): GoZone {
      const last = tx[tx.length - 1];
      if (!last || sec < (tx[0]?.when ?? 0)) return first;
      if (sec >= last.when && extend) return posixLookup(extend, sec);
      let lo = 0;
      let hi = tx.length;
      while (hi - lo > 1) {
        const m = (lo + hi) >> 1;
        if (sec < (tx[m]?.when ?? 0)) hi = m;
        else lo = m;
      }
      return zones[tx[lo]?.index ?? 0] ?? first;
    },
  };
}

/** The zone before the first transition, as Go's lookupFirstZone chooses it. */
function firstZone(zones: TzZone[], tx: Transition[]): TzZone {
  const z0 = zones[0] as TzZone;
  if (!tx.some((t) => t.index === 0)) return z0;
  const i0 = tx[0]?.index ?? 0;
  if (zones[i0]?.isDst) {
    for (let zi = i0 - 1; zi >= 0; zi--) if (!zones[zi]?.isDst) return zones[zi] as TzZone;
  }
  return zones.find((z) => !z.isDst) ?? z0;
}

const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/'];

function loadFrom(name: string, dirs: readonly string[]): GoLocation | undefined {
  for (const dir of dirs) {
    let data: Buffer;
    try {
      data = readFileSync(dir === '' ? name : join(dir, name));
    } catch {
      continue;
    }
    return fromTzData(name, data);
  }
  return undefined;
}

let local: GoLocation | undefined;

/** time.Local: from $TZ (unset: /etc/localtime; empty or unloadable: UTC), as Go's initLocal. */
export function localLocation(): GoLocation {
  if (local) return local;
  let tz = process.env['TZ'];
  let loaded: GoLocation | undefined;
  if (tz === undefined) loaded = loadFrom('localtime', ['/etc']);
  else {
    if (tz.startsWith(':')) tz = tz.slice(1);
    if (tz.startsWith('/')) loaded = loadFrom(tz, ['']);
    else if (tz !== '' && tz !== 'UTC') loaded = loadFrom(tz, ZONE_SOURCES);
  }
  const zones = loaded ?? UTC;
  local = { name: 'Local', lookup: (sec) => zones.lookup(sec) };
  return local;
}

const loaded = new Map<string, GoLocation | undefined>();

/** time.LoadLocation: undefined where Go returns an error. */
export function loadLocation(name: string): GoLocation | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  if (name.split(/[/\\]/).includes('..') || name.startsWith('/') || name.startsWith('\\')) return undefined;
  if (!loaded.has(name)) {
    const zoneinfo = process.env['ZONEINFO'];
    loaded.set(name, loadFrom(name, zoneinfo ? [zoneinfo, ...ZONE_SOURCES] : ZONE_SOURCES));
  }
  return loaded.get(name);
}
