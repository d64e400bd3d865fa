// A minimal POSIX ustar writer: enough for a Docker build context (regular files,
// directories, symlinks), with PAX records for names that do not fit a ustar header.
// Owner and group are always 0, as `docker build` sends them.

const BLOCK = 512;

/** What one archive member is. */
export interface TarEntry {
  /** `/`-separated path inside the archive; directories without the trailing slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits (e.g. 0o644). */
  mode: number;
  /** Modification time in whole seconds since the epoch. */
  mtime: number;
  /** Byte length of the content (files only). */
  size?: number;
  /** Target of a symlink. */
  linkname?: string;
}

/** The header block(s) for one entry: a PAX extended header first when a field does not fit ustar. */
export function tarHeader(entry: TarEntry): Buffer {
  const name = entry.type === 'directory' ? `${entry.name}/` : entry.name;
  const size = entry.type === 'file' ? (entry.size ?? 0) : 0;
  const linkname = entry.linkname ?? '';
  const split = splitName(name);
  const pax: Record<string, string> = {};
  if (split === undefined) pax['path'] = name;
  if (Buffer.byteLength(linkname) > 100) pax['linkpath'] = linkname;
  if (size > 0o77777777777) pax['size'] = String(size);

  const main = ustarBlock({
    name: split?.name ?? asciiTail(name, 100),
    prefix: split?.prefix ?? '',
    mode: entry.mode,
    size: pax['size'] === undefined ? size : 0,
    mtime: entry.mtime,
    typeflag: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2',
    linkname: pax['linkpath'] === undefined ? linkname : '',
  });
  if (Object.keys(pax).length === 0) return main;
  const body = paxBody(pax);
  const paxHeader = ustarBlock({
    name: asciiTail(`PaxHeaders/${name}`, 100),
    prefix: '',
    mode: 0o644,
    size: body.length,
    mtime: entry.mtime,
    typeflag: 'x',
    linkname: '',
  });
  return Buffer.concat([paxHeader, body, padding(body.length), main]);
}

/** Zero bytes that round a member of `size` bytes up to the next 512-byte block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** The two zero blocks that end an archive. */
export function tarTrailer(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

interface UstarFields {
  name: string;
  prefix: string;
  mode: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function ustarBlock(f: UstarFields): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(f.name, 0, 100, 'utf8');
  writeOctal(b, f.mode & 0o7777, 100, 8);
  writeOctal(b, 0, 108, 8); // uid
  writeOctal(b, 0, 116, 8); // gid
  writeOctal(b, f.size, 124, 12);
  writeOctal(b, Math.max(0, Math.floor(f.mtime)), 136, 12);
  b.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  b.write(f.typeflag, 156, 1, 'ascii');
  b.write(f.linkname, 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'ascii');
  b.write('root', 265, 32, 'ascii');
  b.write('root', 297, 32, 'ascii');
  b.write(f.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return b;
}

function writeOctal(b: Buffer, value: number, offset: number, width: number): void {
  b.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}

// ustar stores long names as prefix (155 bytes) + "/" + name (100 bytes).
function splitName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '')
      return { name: rest, prefix };
  }
  return undefined;
}

function asciiTail(s: string, max: number): string {
  return s.length <= max ? s : s.slice(s.length - max);
}

// Each PAX record is "<len> <key>=<value>\n" where <len> counts the whole record, itself included.
function paxBody(fields: Record<string, string>): Buffer {
  const records = Object.entries(fields).map(([k, v]) => {
    const base = Buffer.byteLength(` ${k}=${v}\n`);
    let len = base + String(base).length;
    if (String(len).length !== String(base).length) len = base + String(len).length;
    return `${len} ${k}=${v}\n`;
  });
  return Buffer.from(records.join(''), 'utf8');
}
