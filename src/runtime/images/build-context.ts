// The build context sent to `POST /build`: a gzipped tar of the context directory that honours
// `.dockerignore`, like the Docker CLI's classic builder. The Dockerfile and `.dockerignore` are always
// sent (the daemon needs the Dockerfile; COPY still skips them when they are ignored).
// This module is the one home of tar-stream (the archive) and @balena/dockerignore (the matching),
// both of which dockerode already depends on.

import { lstat, open, readFile, readdir, readlink, stat, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import dockerignore from '@balena/dockerignore';
import { pack as tarPack, type Headers, type Pack } from 'tar-stream';
import { userError } from '../../common/errors.js';

/** A packed build context and the Dockerfile's path inside it. */
export interface BuildContext {
  stream: Readable;
  /** Value for the build's `dockerfile` option: a path inside the archive. */
  dockerfile: string;
}

/** Options for {@link createBuildContext}. */
export interface BuildContextOptions {
  /** Dockerfile path relative to the context (default `Dockerfile`), or absolute. */
  dockerfile?: string;
  /** Inline Dockerfile text (compose `dockerfile_inline`); wins over `dockerfile`. */
  dockerfileInline?: string;
  /** Compress with gzip (default true). */
  gzip?: boolean;
}

/** Packs `contextDir` into a tar stream honouring `.dockerignore`; fails clearly when the context is missing. */
export async function createBuildContext(contextDir: string, opts: BuildContextOptions = {}): Promise<BuildContext> {
  const root = resolve(contextDir);
  const info = await stat(root).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw userError('input', `build context '${contextDir}' is not a directory`);
  }
  const ignore = parseDockerignore(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));

  const extra: { name: string; content: Buffer }[] = [];
  let dockerfile: string;
  if (opts.dockerfileInline !== undefined) {
    const content = Buffer.from(opts.dockerfileInline, 'utf8');
    dockerfile = extraDockerfileName(content);
    extra.push({ name: dockerfile, content });
  } else {
    const abs = resolve(root, opts.dockerfile ?? 'Dockerfile');
    const rel = relative(root, abs);
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
      dockerfile = toPosix(rel);
    } else {
      // A Dockerfile outside the context travels inside the archive under a name of its own.
      const content = await readFile(abs).catch((cause: unknown) => {
        throw userError('input', `cannot read Dockerfile '${abs}'`, { cause });
      });
      dockerfile = extraDockerfileName(content);
      extra.push({ name: dockerfile, content });
    }
  }

  const alwaysSend = new Set([dockerfile, '.dockerignore']);
  const entries = await walkContext(root, ignore, alwaysSend);
  const tar = tarPack();
  packEntries(tar, entries, extra).then(
    () => tar.finalize(),
    (err: unknown) => tar.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  // Callers get a Node stream either way: tar-stream 2's pack overrides `destroy` and drops its callback, so a
  // `break` out of `for await` over it would never return. pipeline, unlike pipe, hands a packing error (say a
  // file removed since the walk) on to the reader.
  const stream = pipeline(tar, opts.gzip === false ? new PassThrough() : createGzip(), () => undefined);
  return { stream, dockerfile };
}

/** The context-relative paths that would be sent, in archive order (for tests and `--dry-run`). */
export async function listContextFiles(contextDir: string, dockerfile = 'Dockerfile'): Promise<string[]> {
  const root = resolve(contextDir);
  const ignore = parseDockerignore(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));
  const entries = await walkContext(root, ignore, new Set([dockerfile, '.dockerignore']));
  return entries.map((e) => e.name);
}

function extraDockerfileName(content: Buffer): string {
  return `.dockerfile.${createHash('sha256').update(content).digest('hex').slice(0, 20)}`;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

// ---- .dockerignore --------------------------------------------------------------------------------------------

/** One cleaned `.dockerignore` line. */
interface IgnoreRule {
  /** The pattern relative to the context root, without `!`. */
  pattern: string;
  /** True for `!pattern` lines, which re-include what earlier lines excluded. */
  exception: boolean;
}

/** A parsed `.dockerignore`: its rules in file order, and the library's matcher built from them. */
export interface Dockerignore {
  rules: IgnoreRule[];
  matcher: dockerignore.Ignore;
}

/**
 * Parses the text of a `.dockerignore` file: one pattern per line, `#` comments, `!` re-includes,
 * the last matching line wins, and a pattern that matches a directory also matches everything below it.
 */
export function parseDockerignore(text: string): Dockerignore {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    if (exception) line = line.slice(1).trim();
    const pattern = cleanPattern(line);
    if (pattern !== '') rules.push({ pattern, exception });
  }
  // The library ignores case unless told otherwise; Docker does not. (It is CommonJS typed as `export default`:
  // from ESM the factory is `.default`.)
  const matcher = dockerignore
    .default({ ignorecase: false })
    .add(rules.map((r) => `${r.exception ? '!' : ''}${literalForLibrary(r.pattern)}`));
  return { rules, matcher };
}

/** Whether a context-relative path (`/`-separated) is excluded. */
export function isIgnored(ignore: Dockerignore, relPath: string): boolean {
  return ignore.matcher.ignores(relPath);
}

/** Whether an excluded directory must still be walked, because an exception may re-include something in it. */
export function mayReincludeUnder(ignore: Dockerignore, dirPath: string): boolean {
  return ignore.rules.some((r) => r.exception && exceptionMayReachInto(r.pattern, dirPath));
}

// Patterns are relative to the context root: a leading `/`, `./` and a trailing `/` carry no meaning.
function cleanPattern(pattern: string): string {
  const p = posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
  return p === '.' ? '' : p;
}

// A cheap over-approximation: the literal prefix of the exception (up to its first wildcard)
// must be compatible with the directory path for anything below that directory to match.
function exceptionMayReachInto(pattern: string, dirPath: string): boolean {
  const wild = pattern.search(/[*?[\\]/);
  const literal = wild === -1 ? pattern : pattern.slice(0, wild);
  const dir = `${dirPath}/`;
  return literal.startsWith(dir) || dir.startsWith(literal);
}

// The library copies pattern characters into a RegExp nearly verbatim. So that a pattern matches what it says
// (and what it always has here): escape regex syntax that is no glob syntax (`c++`, `f(1).txt`), an unclosed `[`,
// a trailing `\`, `#` (leading, the library reads a comment) and spaces (it trims them); escape `*` and `?`
// inside `[...]`, and accept `[!...]` for `[^...]`.
function literalForLibrary(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      out += i + 1 < pattern.length ? `\\${pattern.charAt(i + 1)}` : '\\\\';
      i++;
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, end);
      out += `[${body.replace(/^!/, '^').replace(/[*?]/g, '\\$&')}]`;
      i = end;
    } else {
      out += /[+(){}|^$\]# ]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return out;
}

// ---- walking and packing --------------------------------------------------------------------------------------

interface WalkedEntry {
  abs: string;
  /** `/`-separated path inside the archive; directories without the trailing slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** `st_mode`, type bits included: tar-stream would turn bare permission bits of 0 into 0644/0755. */
  mode: number;
  /** Whole seconds since the epoch, never negative. */
  mtime: number;
  size: number;
  linkname?: string;
}

// Sorted, depth-first walk so the same directory always gives the same archive.
async function walkContext(root: string, ignore: Dockerignore, alwaysSend: Set<string>): Promise<WalkedEntry[]> {
  const out: WalkedEntry[] = [];
  async function walk(dir: string, relDir: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = join(dir, name);
      const st = await lstat(abs);
      const ignored = isIgnored(ignore, rel) && !alwaysSend.has(rel);
      const common = { abs, name: rel, mode: st.mode, mtime: Math.max(0, Math.floor(st.mtimeMs / 1000)), size: 0 };
      if (st.isDirectory()) {
        if (!ignored) out.push({ ...common, type: 'directory' });
        const mustDescend =
          !ignored || mayReincludeUnder(ignore, rel) || [...alwaysSend].some((p) => p.startsWith(`${rel}/`));
        if (mustDescend) await walk(abs, rel);
      } else if (ignored) {
        continue;
      } else if (st.isSymbolicLink()) {
        out.push({ ...common, type: 'symlink', linkname: await readlink(abs) });
      } else if (st.isFile()) {
        out.push({ ...common, type: 'file', size: st.size });
      }
      // Sockets, FIFOs and devices cannot be part of a build context; skip them as docker does.
    }
  }
  await walk(root, '');
  return out;
}

// ustar's size field holds 11 octal digits, and tar-stream stores the mtime through `| 0` (a signed 32-bit
// number): larger values go in PAX records, which tar-stream 2 writes when asked (`pax`, left out of its types).
const USTAR_MAX_SIZE = 0o77777777777;
const INT32_MAX = 2 ** 31 - 1;
type TarHeader = Headers & { pax?: Record<string, string> };

// Small files go in as one buffer, which costs tar-stream much less per file than a stream (a context is mostly
// small files); larger ones are streamed so that memory stays bounded.
const SMALL_FILE = 1024 * 1024;

// Owner and group 0 (root), as `docker build` sends them.
const ROOT = { uid: 0, gid: 0, uname: 'root', gname: 'root' } as const;

async function packEntries(
  tar: Pack,
  entries: WalkedEntry[],
  extra: { name: string; content: Buffer }[],
): Promise<void> {
  // tar-stream 2 drops entries silently, callbacks included, once the pack is destroyed (say the reader went away):
  // race each entry against that, so that packing stops and the open file is closed instead of waiting for ever.
  const closed = new Promise<never>((_, fail) => tar.once('close', () => fail(new Error('build context closed'))));
  closed.catch(() => undefined); // nobody may be waiting when it happens
  const add = (header: TarHeader, body: Buffer | Readable): Promise<void> =>
    Promise.race([addEntry(tar, header, body), closed]);
  for (const entry of entries) {
    const name = entry.type === 'directory' ? `${entry.name}/` : entry.name;
    const mtime = new Date(Math.min(entry.mtime, INT32_MAX) * 1000);
    const header: TarHeader = { ...ROOT, name, type: entry.type, mode: entry.mode, mtime };
    if (entry.linkname !== undefined) header.linkname = entry.linkname;
    if (entry.mtime > INT32_MAX) header.pax = { mtime: String(entry.mtime) };
    if (entry.type !== 'file' || entry.size === 0) {
      await add(header, Buffer.alloc(0));
      continue;
    }
    header.size = entry.size;
    if (entry.size > USTAR_MAX_SIZE) header.pax = { ...header.pax, size: String(entry.size) };
    // Opened before the entry starts, so that a file removed since the walk fails the stream with its own error
    // (an error inside an entry makes tar-stream end the archive without saying why).
    const file = await open(entry.abs);
    try {
      const body = entry.size <= SMALL_FILE ? await readExactly(file, entry.size) : streamExactly(file, entry.size);
      await add(header, body);
    } finally {
      await file.close();
    }
  }
  for (const file of extra) {
    await add({ ...ROOT, name: file.name, type: 'file', mode: 0o644, mtime: new Date(0) }, file.content);
  }
}

// Resolves once tar-stream has taken the whole entry (it checks that a streamed body matches the header's size).
function addEntry(tar: Pack, header: TarHeader, body: Buffer | Readable): Promise<void> {
  return new Promise((done, fail) => {
    const settle = (err?: Error | null): void => (err ? fail(err) : done());
    if (Buffer.isBuffer(body)) tar.entry(header, body, settle);
    else pipeline(body, tar.entry(header, settle), (err) => err && fail(err));
  });
}

// The header already promised `size` bytes: both readers clip a file that grew and zero-fill one that shrank.
async function readExactly(file: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(size);
  for (let at = 0; at < size;) {
    const { bytesRead } = await file.read(buf, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf;
}

function streamExactly(file: FileHandle, size: number): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let sent = 0;
    for await (const chunk of file.createReadStream({ end: size - 1, autoClose: false })) {
      const part = (chunk as Buffer).subarray(0, size - sent);
      sent += part.length;
      if (part.length > 0) yield part;
    }
    if (sent < size) yield Buffer.alloc(size - sent);
  }
  return Readable.from(chunks());
}
