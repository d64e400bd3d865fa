// The build context sent to `POST /build`: a gzipped tar of the context directory that honours
// `.dockerignore`, like the Docker CLI's classic builder. The Dockerfile and `.dockerignore` are always
// sent (the daemon needs the Dockerfile; COPY still skips them when they are ignored).

import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { userError } from '../../common/errors.js';
import { isIgnored, mayReincludeUnder, parseDockerignore, type IgnoreRule } from './dockerignore.js';
import { padding, tarHeader, tarTrailer, type TarEntry } from './tar-writer.js';

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
  const rules = parseDockerignore(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));

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
  const entries = await walkContext(root, rules, alwaysSend);
  const tar = Readable.from(packEntries(entries, extra));
  return { stream: opts.gzip === false ? tar : tar.pipe(createGzip()), dockerfile };
}

/** The context-relative paths that would be sent, in archive order (for tests and `--dry-run`). */
export async function listContextFiles(contextDir: string, dockerfile = 'Dockerfile'): Promise<string[]> {
  const root = resolve(contextDir);
  const rules = parseDockerignore(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));
  const entries = await walkContext(root, rules, new Set([dockerfile, '.dockerignore']));
  return entries.map((e) => e.name);
}

function extraDockerfileName(content: Buffer): string {
  return `.dockerfile.${createHash('sha256').update(content).digest('hex').slice(0, 20)}`;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

interface WalkedEntry extends TarEntry {
  abs: string;
}

// Sorted, depth-first walk so the same directory always gives the same archive.
async function walkContext(root: string, rules: IgnoreRule[], alwaysSend: Set<string>): Promise<WalkedEntry[]> {
  const out: WalkedEntry[] = [];
  async function walk(dir: string, relDir: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = join(dir, name);
      const st = await lstat(abs);
      const ignored = isIgnored(rules, rel) && !alwaysSend.has(rel);
      const mtime = Math.floor(st.mtimeMs / 1000);
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        if (!ignored) out.push({ abs, name: rel, type: 'directory', mode, mtime });
        const mustDescend =
          !ignored || mayReincludeUnder(rules, rel) || [...alwaysSend].some((p) => p.startsWith(`${rel}/`));
        if (mustDescend) await walk(abs, rel);
      } else if (ignored) {
        continue;
      } else if (st.isSymbolicLink()) {
        out.push({ abs, name: rel, type: 'symlink', mode, mtime, linkname: await readlink(abs) });
      } else if (st.isFile()) {
        out.push({ abs, name: rel, type: 'file', mode, mtime, size: st.size });
      }
      // Sockets, FIFOs and devices cannot be part of a build context; skip them as docker does.
    }
  }
  await walk(root, '');
  return out;
}

async function* packEntries(
  entries: WalkedEntry[],
  extra: { name: string; content: Buffer }[],
): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    yield tarHeader(entry);
    if (entry.type !== 'file') continue;
    const size = entry.size ?? 0;
    if (size === 0) continue;
    let sent = 0;
    // The header already promised `size` bytes: clip a file that grew, zero-fill one that shrank.
    for await (const chunk of createReadStream(entry.abs, { end: Math.max(0, size - 1) })) {
      const buf = chunk as Buffer;
      const part = buf.subarray(0, Math.max(0, size - sent));
      sent += part.length;
      if (part.length > 0) yield part;
    }
    if (sent < size) yield Buffer.alloc(size - sent);
    yield padding(size);
  }
  for (const file of extra) {
    yield tarHeader({ name: file.name, type: 'file', mode: 0o644, mtime: 0, size: file.content.length });
    yield file.content;
    yield padding(file.content.length);
  }
  yield tarTrailer();
}
