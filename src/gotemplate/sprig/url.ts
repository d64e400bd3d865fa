/**
 * sprig's `urlParse` and `urlJoin`: Go's net/url (Parse, URL.String, Userinfo.String, Hostname) as of
 * Go 1.19, on byte strings (each UTF-16 unit below 256 stands for one UTF-8 byte) so that indices and
 * escapes are Go's byte indices.
 */
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import { quoteGo } from '../quote.js';
import { kindOf, newMap, type GoMap, type GoValue } from '../values.js';
import { goBytesToString } from './cast.js';

/** The UTF-8 bytes of a string, one character per byte. */
const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
/** A byte string back to text. */
const fromBytes = (b: string): string => goBytesToString(Buffer.from(b, 'latin1'));

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

class UrlError extends Error {}

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
const unhex = (c: string): number => parseInt(c, 16);
const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/** net/url's shouldEscape, for one byte. */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'pathSegment':
        return '/;,?'.includes(c);
      case 'userPassword':
        return '@/?:'.includes(c);
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

/** net/url's unescape; throws Go's error texts. */
function unescape(s: string, mode: Mode): string {
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length;) {
    const c = s[i] ?? '';
    if (c === '%') {
      n++;
      if (i + 2 >= s.length || !isHex(s[i + 1] ?? '') || !isHex(s[i + 2] ?? '')) {
        throw new UrlError(`invalid URL escape ${quoteGo(fromBytes(s.slice(i, i + 3)), false)}`);
      }
      const esc = s.slice(i, i + 3);
      if (mode === 'host' && unhex(s[i + 1] ?? '') < 8 && esc !== '%25') {
        throw new UrlError(`invalid URL escape ${quoteGo(esc, false)}`);
      }
      if (mode === 'zone') {
        const v = String.fromCharCode(unhex(esc.slice(1)));
        if (esc !== '%25' && v !== ' ' && shouldEscape(v, 'host')) {
          throw new UrlError(`invalid URL escape ${quoteGo(esc, false)}`);
        }
      }
      i += 3;
    } else {
      if (c === '+') hasPlus = mode === 'queryComponent';
      else if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
        throw new UrlError(`invalid character ${quoteGo(c, false)} in host name`);
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  let t = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      t += String.fromCharCode(unhex(s.slice(i + 1, i + 3)));
      i += 2;
    } else if (c === '+') t += mode === 'queryComponent' ? ' ' : '+';
    else t += c;
  }
  return t;
}

/** net/url's escape. */
function escape(s: string, mode: Mode): string {
  let t = '';
  for (const c of s) {
    if (c === ' ' && mode === 'queryComponent') t += '+';
    else if (shouldEscape(c, mode)) t += `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    else t += c;
  }
  return t;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function validUserinfo(s: string): boolean {
  // Go ranges over runes: any non-ASCII byte belongs to a rune that is not allowed.
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

interface Userinfo {
  readonly username: string;
  readonly password?: string;
}

interface Url {
  scheme: string;
  opaque: string;
  user?: Userinfo;
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

const emptyUrl = (): Url => ({
  scheme: '',
  opaque: '',
  host: '',
  path: '',
  rawPath: '',
  forceQuery: false,
  rawQuery: '',
  fragment: '',
  rawFragment: '',
});

function userString(u: Userinfo): string {
  let s = escape(u.username, 'userPassword');
  if (u.password !== undefined) s += `:${escape(u.password, 'userPassword')}`;
  return s;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort))
      throw new UrlError(`invalid port ${quoteGo(fromBytes(colonPort), false)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return (
        unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host')
      );
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) {
        throw new UrlError(`invalid port ${quoteGo(fromBytes(colonPort), false)} after host`);
      }
    }
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): [Userinfo | undefined, string] {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [undefined, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return [{ username: unescape(userinfo, 'userPassword') }, host];
  return [
    {
      username: unescape(userinfo.slice(0, colon), 'userPassword'),
      password: unescape(userinfo.slice(colon + 1), 'userPassword'),
    },
    host,
  ];
}

function setPath(u: Url, p: string): void {
  u.path = unescape(p, 'path');
  u.rawPath = escape(u.path, 'path') === p ? '' : p;
}

function setFragment(u: Url, f: string): void {
  u.fragment = unescape(f, 'fragment');
  u.rawFragment = escape(u.fragment, 'fragment') === f ? '' : f;
}

/** net/url's parse(rawURL, viaRequest=false), without the fragment. */
function parseNoFragment(raw: string): Url {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const u = emptyUrl();
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  const [scheme, afterScheme] = getScheme(raw);
  u.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    if ((rest.split('/')[0] ?? '').includes(':')) {
      throw new UrlError('first path segment in URL cannot contain colon');
    }
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    [u.user, u.host] = parseAuthority(authority);
  }
  setPath(u, rest);
  return u;
}

/** url.Parse; throws `parse "<url>": <reason>` as url.Error prints it. */
function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#');
  const noFrag = hash < 0 ? raw : raw.slice(0, hash);
  let u: Url;
  try {
    u = parseNoFragment(noFrag);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${quoteGo(fromBytes(noFrag), false)}: ${e.message}`);
    throw e;
  }
  if (hash < 0 || hash === raw.length - 1) return u;
  try {
    setFragment(u, raw.slice(hash + 1));
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${quoteGo(fromBytes(raw), false)}: ${e.message}`);
    throw e;
  }
  return u;
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of s) {
    if (`!$&'()*+,;=:@[]%`.includes(c)) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

function escapedPath(u: Url): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch (e) {
      if (!(e instanceof UrlError)) throw e;
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: Url): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch (e) {
      if (!(e instanceof UrlError)) throw e;
    }
  }
  return escape(u.fragment, 'fragment');
}

/** URL.String (with OmitHost false, as urlJoin's URL has it). */
function urlString(u: Url): string {
  let buf = '';
  if (u.scheme !== '') buf += `${u.scheme}:`;
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user !== undefined) {
      if (u.host !== '' || u.path !== '' || u.user !== undefined) buf += '//';
      if (u.user !== undefined) buf += `${userString(u.user)}@`;
      if (u.host !== '') buf += escape(u.host, 'host');
    }
    const path = escapedPath(u);
    if (path !== '' && !path.startsWith('/') && u.host !== '') buf += '/';
    if (buf === '' && (path.split('/')[0] ?? '').includes(':')) buf += './';
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += `?${u.rawQuery}`;
  if (u.fragment !== '') buf += `#${escapedFragment(u)}`;
  return buf;
}

/** URL.Hostname: the host without a valid port and without IPv6 brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

function urlParse(v: string): GoMap {
  let u: Url;
  try {
    u = parseUrl(toBytes(v));
  } catch (e) {
    if (e instanceof UrlError) throw new GoCallError(`unable to parse url: ${e.message}`);
    throw e;
  }
  const entries: [string, string][] = [
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user === undefined ? '' : userString(u.user)],
  ];
  return newMap(new Map(entries.map(([k, s]) => [k, fromBytes(s)])));
}

/** sprig's dictGetOrEmpty: a missing key is ""; a value of another kind panics. */
function dictGetOrEmpty(d: GoMap, key: string): string {
  if (d.entries === null || !d.entries.has(key)) return '';
  const value = d.entries.get(key);
  if (typeof value === 'string') return toBytes(value);
  // reflect.TypeOf(nil).Kind() dereferences a nil Type: a runtime panic.
  if (value === null || value === undefined) {
    throw new GoCallError('runtime error: invalid memory address or nil pointer dereference');
  }
  throw new GoCallError(`unable to parse ${key} key, must be of type string, but ${kindOf(value)} found`);
}

function urlJoin(d: GoMap): string {
  const u = emptyUrl();
  u.scheme = dictGetOrEmpty(d, 'scheme');
  u.host = dictGetOrEmpty(d, 'host');
  u.path = dictGetOrEmpty(d, 'path');
  u.rawQuery = dictGetOrEmpty(d, 'query');
  u.opaque = dictGetOrEmpty(d, 'opaque');
  u.fragment = dictGetOrEmpty(d, 'fragment');
  const userinfo = dictGetOrEmpty(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof UrlError) throw new GoCallError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return fromBytes(urlString(u));
}

export const URL_FUNCS: [string, TemplateFunction][] = [
  ['urlParse', fn(['string'], (v: GoValue) => urlParse(v as string))],
  ['urlJoin', fn(['map[string]interface {}'], (d: GoValue) => urlJoin(d as GoMap))],
];
