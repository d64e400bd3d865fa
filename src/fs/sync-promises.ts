// The calls of node:fs/promises that the commands use on the project's own files (state, lock,
// journal, compose file, mounts, provisioner files), done with Node's synchronous calls behind the
// same promise-returning signatures.
//
// Why: a command touches a few dozen small local files, one after the other. Through
// node:fs/promises every call is a hand-off to libuv's thread pool and back (two thread wake-ups
// and an event-loop turn), which on the small shared machines we measure on costs more than the
// system call itself: a cold `generate` made about 140 such calls, 15-20 ms of its run
// (bench/README.md, "Generate, cold"). The synchronous call makes the same system call on the
// main thread. For a library user it blocks the event loop for one small local file operation at a
// time, no longer than the hand-off it replaces. Work that can be large or slow (build contexts,
// git, downloads, temporary copies in `validate`) keeps node:fs/promises.
//
// Errors are the synchronous calls' (same `code`, `syscall`, `path`), delivered as rejections.
import {
  chmodSync,
  closeSync,
  copyFileSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  type Dirent,
  type MakeDirectoryOptions,
  type Mode,
  type OpenMode,
  type RmOptions,
  type Stats,
  type WriteFileOptions,
} from 'node:fs';

export const chmod = async (path: string, mode: Mode): Promise<void> => chmodSync(path, mode);
export const copyFile = async (from: string, to: string, mode?: number): Promise<void> => copyFileSync(from, to, mode);
export const link = async (existing: string, path: string): Promise<void> => linkSync(existing, path);
export const lstat = async (path: string): Promise<Stats> => lstatSync(path);
export const stat = async (path: string): Promise<Stats> => statSync(path);
export const realpath = async (path: string): Promise<string> => realpathSync(path);
export const rename = async (from: string, to: string): Promise<void> => renameSync(from, to);
export const rm = async (path: string, options?: RmOptions): Promise<void> => rmSync(path, options);
export const rmdir = async (path: string): Promise<void> => rmdirSync(path);
export const writeFile = async (path: string, data: string | Uint8Array, options?: WriteFileOptions): Promise<void> =>
  writeFileSync(path, data, options);

export async function mkdir(path: string, options?: MakeDirectoryOptions): Promise<string | undefined> {
  return mkdirSync(path, options);
}

export async function readFile(path: string): Promise<Buffer>;
export async function readFile(path: string, encoding: 'utf8'): Promise<string>;
export async function readFile(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  return encoding === undefined ? readFileSync(path) : readFileSync(path, encoding);
}

export async function readdir(path: string): Promise<string[]>;
export async function readdir(path: string, options: { withFileTypes: true }): Promise<Dirent[]>;
export async function readdir(path: string, options?: { withFileTypes: true }): Promise<string[] | Dirent[]> {
  return options === undefined ? readdirSync(path) : readdirSync(path, options);
}

/** The part of node:fs/promises' FileHandle used here, on a descriptor. */
export class SyncFileHandle {
  constructor(readonly fd: number) {}
  async stat(): Promise<Stats> {
    return fstatSync(this.fd);
  }
  async read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesRead: number }> {
    return { bytesRead: readSync(this.fd, buffer, offset, length, position) };
  }
  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }> {
    let written = 0;
    while (written < length)
      written += writeSync(this.fd, buffer, offset + written, length - written, position + written);
    return { bytesWritten: written };
  }
  async writeFile(data: string | Uint8Array): Promise<void> {
    writeFileSync(this.fd, data);
  }
  async truncate(length: number): Promise<void> {
    ftruncateSync(this.fd, length);
  }
  async chmod(mode: Mode): Promise<void> {
    fchmodSync(this.fd, mode);
  }
  async sync(): Promise<void> {
    fsyncSync(this.fd);
  }
  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

export const open = async (path: string, flags: OpenMode, mode?: Mode): Promise<SyncFileHandle> =>
  new SyncFileHandle(openSync(path, flags, mode));
