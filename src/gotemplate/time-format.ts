/** time.Time formatting with Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`). */
import type { GoTime } from './values.js';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The layout tokens, longest first where one is a prefix of another. */
export const TOKENS = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  '2006',
  '__2',
  '002',
  '01',
  '02',
  '_2',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  'MST',
  'Z07:00:00',
  'Z070000',
  'Z07:00',
  'Z0700',
  'Z07',
  '-07:00:00',
  '-070000',
  '-07:00',
  '-0700',
  '-07',
  '1',
  '2',
  '3',
  '4',
  '5',
];

const p2 = (n: number): string => String(n).padStart(2, '0');

function zoneText(offset: number, token: string): string {
  if (token.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = p2(Math.floor(abs / 3600));
  const mm = p2(Math.floor(abs / 60) % 60);
  const ss = p2(abs % 60);
  const body = token.replace(/^Z/, '-');
  switch (body) {
    case '-07':
      return sign + hh;
    case '-0700':
      return sign + hh + mm;
    case '-07:00':
      return `${sign}${hh}:${mm}`;
    case '-070000':
      return `${sign}${hh}${mm}${ss}`;
    default:
      return `${sign}${hh}:${mm}:${ss}`;
  }
}

/** Go's Time.Format(layout). */
export function formatGoTime(t: GoTime, layout: string): string {
  const zone = t.loc.lookup(t.sec);
  const d = new Date((t.sec + zone.offset) * 1000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const ns = t.nsec;
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac?.[1]) {
      const digits = frac[1].length;
      let s = String(ns).padStart(9, '0').slice(0, digits);
      if (frac[1][0] === '9') s = s.replace(/0+$/, '');
      out += s === '' ? '' : (layout[i] ?? '.') + s;
      i += frac[0].length;
      continue;
    }
    const tok = TOKENS.find((k) => layout.startsWith(k, i));
    if (!tok) {
      out += layout[i];
      i++;
      continue;
    }
    i += tok.length;
    switch (tok) {
      case 'January':
        out += MONTHS[month];
        break;
      case 'Jan':
        out += MONTHS[month]?.slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[d.getUTCDay()];
        break;
      case 'Mon':
        out += DAYS[d.getUTCDay()]?.slice(0, 3);
        break;
      case '2006':
        out += String(year).padStart(4, '0');
        break;
      case '06':
        out += p2(year % 100);
        break;
      case '01':
        out += p2(month + 1);
        break;
      case '1':
        out += String(month + 1);
        break;
      case '02':
        out += p2(day);
        break;
      case '_2':
        out += String(day).padStart(2, ' ');
        break;
      case '2':
        out += String(day);
        break;
      case '__2':
      case '002': {
        const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
        out += String(yday).padStart(3, tok === '002' ? '0' : ' ');
        break;
      }
      case '15':
        out += p2(hour);
        break;
      case '03':
        out += p2(hour % 12 === 0 ? 12 : hour % 12);
        break;
      case '3':
        out += String(hour % 12 === 0 ? 12 : hour % 12);
        break;
      case '04':
        out += p2(d.getUTCMinutes());
        break;
      case '4':
        out += String(d.getUTCMinutes());
        break;
      case '05':
        out += p2(d.getUTCSeconds());
        break;
      case '5':
        out += String(d.getUTCSeconds());
        break;
      case 'PM':
        out += hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += hour >= 12 ? 'pm' : 'am';
        break;
      case 'MST':
        out += zone.name !== '' ? zone.name : zoneText(zone.offset, '-0700');
        break;
      default:
        out += zoneText(zone.offset, tok);
    }
  }
  return out;
}

/** time.Time's String(): `2006-01-02 15:04:05.999999999 -0700 MST`, then time.Now's monotonic clock reading. */
export function formatTime(t: GoTime): string {
  const s = formatGoTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');
  if (t.monoNs === undefined) return s;
  const abs = t.monoNs < 0n ? -t.monoNs : t.monoNs;
  return `${s} m=${t.monoNs < 0n ? '-' : '+'}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')}`;
}
