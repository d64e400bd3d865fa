// The one rule for every path the tool reads or writes on a user's behalf:
//
// - a path named in a file (a Score file's `files[].source`, a path recorded in the state, a
//   provisioner's file output) must stay inside its root once every symbolic link is resolved:
//   the Score file's directory for file sources, the project directory for everything else;
// - a path the user typed on the command line is their choice and may be anywhere;
// - either way only regular files are read (never a FIFO, a device, a socket or a directory, which
//   could hang the run or never end), up to a size limit, and writes never go through a link.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Files read on a user's behalf are at most this large (the YAML limit is 64 MiB). */
export const MAX_READ_BYTES = 1024 ** 3;

/** Why a path was refused; `code` is errno-like, so callers word it like an OS error. */
export type RefusalCode = 'EOUTSIDE' | 'ENOTREG' | 'ETOOBIG' | 'EBADPATH';

/** A path the confinement rule refuses, with the reason in words (`is a FIFO, not a regular file`). */
export class PathRefused extends Error {
  readonly code: RefusalCode;
  readonly syscall = 'open';
  readonly path: string;
  readonly reason: string;

  constructor(code: RefusalCode, path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'PathRefused';
    this.code = code;
    this.path = path;
    this.reason = reason;
  }
}

/** Where a read or a write must stay: `root` (a directory), worded as `rootName` in messages. */
export interface Confinement {
  root: string;
  /** How messages name the root: `the project directory`, `the Score file's directory`. */
  rootName: string;
}

/** Options of the readers. */
export interface ReadOptions {
  /** Refuse a file whose real path is not inside this root; none for a path the user typed. */
  within?: Confinement;
  /** Default MAX_READ_BYTES. */
  maxBytes?: number;
}

/** True when `path` is `root` or below it (both absolute and free of links). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** What kind of file a non-regular file is, for messages (`a FIFO (named pipe)`). */
export function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isSymbolicLink(): boolean;
}) {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'a device';
}

/** Errors of resolving a path read as errors of opening it (`open x: no such file or directory`). */
function asOpen(err: unknown): unknown {
  if (err instanceof Error && 'syscall' in err) (err as NodeJS.ErrnoException).syscall = 'open';
  return err;
}

function realpathForOpen(path: string): string {
  try {
    return realpathSync(path);
  } catch (err) {
    throw asOpen(err);
  }
}

function checkPath(path: string): void {
  if (path.includes('\0')) throw new PathRefused('EBADPATH', path.replace(/\0/g, '\\0'), 'contains a NUL character');
}

function outside(path: string, real: string, within: Confinement): PathRefused {
  const through = real === path ? '' : ` (through a symbolic link, to '${real}')`;
  return new PathRefused('EOUTSIDE', path, `leads outside ${within.rootName}${through}`);
}

function notRegular(path: string, info: Parameters<typeof kindOf>[0]): Error {
  if (info.isDirectory()) {
    return Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), {
      code: 'EISDIR',
      syscall: 'open',
      path,
    });
  }
  return new PathRefused('ENOTREG', path, `is ${kindOf(info)}, not a regular file`);
}

function tooBig(path: string, size: number, max: number): PathRefused {
  const mib = (n: number) => `${Math.ceil(n / 1024 / 1024)} MiB`;
  return new PathRefused('ETOOBIG', path, `is too large (${mib(size)}; the limit is ${mib(max)})`);
}

// Opening with O_NONBLOCK never waits for a FIFO's writer; O_NOFOLLOW refuses a link swapped in
// after the real path was resolved. (Both are 0 where the platform lacks them.)
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a regular file, following links (the real path must stay `within` its root when given).
 * Throws Node's errno errors (ENOENT, EACCES, ...), EISDIR for a directory, and PathRefused.
 */
export function readRegularFileSync(path: string, opts: ReadOptions = {}): Buffer {
  checkPath(path);
  const max = opts.maxBytes ?? MAX_READ_BYTES;
  const real = realpathForOpen(path);
  if (opts.within && !isInside(realpathSync(opts.within.root), real)) throw outside(path, real, opts.within);
  const info = statSync(real);
  if (!info.isFile()) throw notRegular(path, info);
  if (info.size > max) throw tooBig(path, info.size, max);
  const fd = openSync(real, READ_FLAGS);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw notRegular(path, opened);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(opened.size - total, 0) + 1, 1024 * 1024));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw tooBig(path, total, max);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * readRegularFileSync behind a promise: the reads of the project's files are synchronous
 * (see fs/sync-promises.ts for why); this keeps the callers' asynchronous shape.
 */
export async function readRegularFile(path: string, opts: ReadOptions = {}): Promise<Buffer> {
  return readRegularFileSync(path, opts);
}

/**
 * The real path `path` has or would have: the deepest existing ancestor resolved, the rest
 * appended. A dangling link counts as where it points, so nothing can be created through it.
 */
export function realPathOf(path: string, depth = 0): string {
  checkPath(path);
  const tail: string[] = [];
  let current = path;
  for (;;) {
    try {
      const real = realpathSync(current);
      return tail.length === 0 ? real : join(real, ...[...tail].reverse());
    } catch (err) {
      const parent = dirname(current);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw err;
      if (lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink()) {
        if (depth >= 40) throw Object.assign(new Error(`ELOOP: too many symbolic links, '${path}'`), { code: 'ELOOP' });
        const target = resolve(parent, readlinkSync(current));
        return realPathOf(tail.length === 0 ? target : join(target, ...[...tail].reverse()), depth + 1);
      }
      tail.push(basename(current));
      current = parent;
    }
  }
}

/** Throws PathRefused unless `path` (once its existing part is resolved) is inside `within.root`. */
export function assertInside(path: string, within: Confinement): void {
  const real = realPathOf(path);
  if (!isInside(realpathSync(within.root), real)) throw outside(path, real, within);
}
