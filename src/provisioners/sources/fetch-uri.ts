// Reading provisioner files and patch templates from where the user points: a local path or file://
// URI (a file, or every regular file of a directory, not recursive, sorted), http(s):// with a
// 30 s limit, a file or directory in a git repository (git.ts), an OCI artefact (oci.ts), or `-`
// for stdin. Reads are capped at 1 GiB.
//
// A local path is typed by the user on the command line, so it may be anywhere (links followed);
// only regular files are read, never a FIFO or a device (`/dev/zero` would never end). A file://
// URI must carry an absolute path (`file:///abs/path`, or `file://localhost/abs/path`): in
// `file://../../x` what follows `file://` is a host name (`..`), and reading it as a relative
// path would be a guess; the plain path `../../x` says the same without doubt.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScoreComposeError, userError } from '../../common/errors.js';
import { PathRefused, readRegularFile } from '../../fs/confine.js';
import { decodeUtf8 } from '../../yaml/yaml.js';
import { readGitFiles } from './git.js';
import { readOciFile } from './oci.js';

/** One fetched document; `name` identifies it (the URI, or the file path inside a directory). */
export interface FetchedContent {
  name: string;
  content: string;
}

/** Options for fetchUriContents. */
export interface FetchOptions {
  /** Relative paths resolve against this directory. */
  cwd: string;
  /** Read for the URI `-`. */
  stdin?: NodeJS.ReadableStream;
  /** What git and registry credential helpers run with (the process's environment by default). */
  env?: NodeJS.ProcessEnv;
  /** Overrides the 30 s HTTP time limit (tests). */
  httpTimeoutMs?: number;
}

const MAX_BYTES = 1024 ** 3;
const HTTP_TIMEOUT_MS = 30_000;

function tooLarge(what: string): never {
  throw userError('io', `${what} is larger than 1 GiB`);
}

/** The path of a file:// URI; anything but an absolute path on this host is a usage error. */
function filePath(uri: string): string {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.host !== '' && url.host !== 'localhost')) {
    throw userError(
      'usage',
      `'${uri}' is not a file URI this tool reads: file:// must be followed by an absolute path`,
      {
        hint: 'write file:///absolute/path, or give a relative path without the scheme (--provisioners ../dir/x.yaml)',
      },
    );
  }
  try {
    return fileURLToPath(url);
  } catch (err) {
    throw userError('usage', `'${uri}' is not a file URI this tool reads: ${(err as Error).message}`);
  }
}

function readError(uri: string, err: unknown) {
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    err instanceof PathRefused
      ? err.reason
      : code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (err as Error).message;
  return userError('io', `failed to read '${uri}': ${reason}`);
}

async function readLocal(uri: string, cwd: string): Promise<FetchedContent[]> {
  let path = uri.startsWith('file://') ? filePath(uri) : uri;
  if (path === '~' || path.startsWith('~/')) path = join(homedir(), path.slice(1));
  path = resolve(cwd, path);
  if (path.includes('\0')) throw userError('usage', `'${uri.replace(/\0/g, '\\0')}' contains a NUL character`);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw readError(uri, err);
  }
  if (info.isDirectory()) {
    // Regular files only: links and anything else in the directory are left out.
    const entries = await readdir(path, { withFileTypes: true }).catch((err: unknown) => {
      throw readError(uri, err);
    });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    const out: FetchedContent[] = [];
    // Each file is named after the URI it was found through, so logs and install hashes stay relative.
    for (const name of files) {
      const child = uri.startsWith('file://')
        ? `${uri.replace(/\/?$/, '/')}${encodeURIComponent(name)}`
        : join(uri, name);
      out.push(...(await readLocal(child, cwd)));
    }
    return out;
  }
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_BYTES });
  } catch (err) {
    throw readError(uri, err);
  }
  return [{ name: uri, content: asText(uri, bytes) }];
}

/** Provisioner files and patch templates are YAML and Handlebars text: UTF-8, or an error at the first bad byte. */
function asText(uri: string, bytes: Buffer): string {
  return decodeUtf8(bytes, { source: uri, describe: (p) => `failed to read '${uri}': ${p}` });
}

/** The body, read as it arrives, up to MAX_BYTES; a connection cut short is a clear error. */
async function readBody(uri: string, response: Response): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        tooLarge(uri);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof ScoreComposeError) throw err;
    const e = err as Error;
    const reason = (e.cause as Error | undefined)?.message ?? e.message;
    throw userError('io', `GET ${uri} failed: the response was cut short (${reason})`, {
      hint: 'try again; if it keeps failing, download the file and pass its local path',
    });
  }
  return Buffer.concat(chunks, size);
}

async function readHttp(uri: string, timeoutMs: number): Promise<FetchedContent[]> {
  let response: Response;
  try {
    response = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const e = err as Error;
    const reason =
      e.name === 'TimeoutError'
        ? `timed out after ${timeoutMs / 1000}s`
        : ((e.cause as Error | undefined)?.message ?? e.message);
    throw userError('io', `GET ${uri} failed: ${reason}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw userError('io', `GET ${uri} non-200 status code: ${response.status}`);
  }
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    tooLarge(uri);
  }
  return [{ name: uri, content: asText(uri, await readBody(uri, response)) }];
}

async function readStdin(stdin: NodeJS.ReadableStream | undefined): Promise<FetchedContent[]> {
  if (!stdin || (stdin as { isTTY?: boolean }).isTTY) {
    throw userError('usage', "'-' reads from stdin, but stdin is not a pipe", {
      hint: 'pipe the file in: cat my.provisioners.yaml | score-compose init --provisioners -',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BYTES) tooLarge('stdin');
    chunks.push(buf);
  }
  const content = asText('-', Buffer.concat(chunks));
  if (content === '') throw userError('usage', "'-' reads from stdin, but stdin was empty");
  return [{ name: '-', content }];
}

/** Fetches the document(s) a URI points at; see the header for the accepted forms. */
export async function fetchUriContents(uri: string, opts: FetchOptions): Promise<FetchedContent[]> {
  if (uri === '-') return readStdin(opts.stdin);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return readHttp(uri, opts.httpTimeoutMs ?? HTTP_TIMEOUT_MS);
  if (scheme === 'git-https' || scheme === 'git-ssh') {
    const files = await readGitFiles(uri, MAX_BYTES, opts.env);
    return files.map((f) => ({ name: f.name, content: asText(f.name, f.bytes) }));
  }
  if (scheme === 'oci') {
    const file = await readOciFile(uri, {
      timeoutMs: opts.httpTimeoutMs ?? HTTP_TIMEOUT_MS,
      maxBytes: MAX_BYTES,
      ...(opts.env ? { env: opts.env } : {}),
    });
    return [{ name: file.name, content: asText(file.name, file.bytes) }];
  }
  if (scheme !== undefined && scheme !== 'file')
    throw userError('usage', `unsupported uri scheme '${scheme}' in '${uri}'`);
  return readLocal(uri, opts.cwd);
}
