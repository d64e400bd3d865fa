// Provisioner files and patch templates from a git repository: `git-https://host/org/repo.git/path`
// and `git-ssh://user@host/org/repo.git/path`, a file or a directory (its regular files, sorted,
// not recursive), at the remote's HEAD or, with `?ref=<branch|tag|commit>`, at that ref (our
// addition; the reference always takes HEAD).
//
// The local `git` does the work, so the user's own access applies: credential helpers for HTTPS,
// ssh keys, agents, `~/.ssh/config`, GIT_SSH_COMMAND. Only the wanted path is checked out (a
// sparse, shallow fetch of one commit) into an owner-only temp dir that is always removed. git
// runs without a terminal (its own session, no stdin, GIT_TERMINAL_PROMPT=0), so a missing
// credential or an unknown host key fails with git's message instead of waiting for an answer.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userError } from '../../common/errors.js';
import { readRegularFile } from '../../fs/confine.js';

/** Where a git URI points. */
export interface GitSource {
  /** What git clones: `https://…/repo.git` or `ssh://…/repo.git` (credentials included). */
  remote: string;
  /** The file or directory inside the repository, without a trailing `/`. */
  path: string;
  /** The branch, tag or commit (`?ref=`); the remote's HEAD when absent. */
  ref?: string;
  /** The URI with any password masked, for messages. */
  display: string;
}

/** One file read from the repository. */
export interface GitFile {
  name: string;
  bytes: Buffer;
}

const USAGE_HINT = 'write git-https://host/org/repo.git/path/to/file.yaml (add ?ref=<branch|tag|commit> for a ref)';
const GIT_TIMEOUT_MS = 120_000;

/** The URI with the password of its user info masked. */
export function maskCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

/** Reads a git-https:// or git-ssh:// URI; anything malformed is a usage error naming the form. */
export function parseGitUri(uri: string): GitSource {
  const display = maskCredentials(uri);
  const bad = (why: string) =>
    userError('usage', `'${display}' is not a git URI this tool reads: ${why}`, { hint: USAGE_HINT });
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw bad('it does not parse as a URL');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'git-https' && scheme !== 'git-ssh') throw bad('the scheme must be git-https or git-ssh');
  if (url.host === '') throw bad('it names no host');
  if (url.hash !== '') throw bad('a #fragment means nothing here');
  const ref = url.searchParams.get('ref') ?? undefined;
  const others = [...url.searchParams.keys()].filter((k) => k !== 'ref');
  if (others.length > 0) throw bad(`unknown query parameter '${others[0]}' (only ref is read)`);
  if (ref !== undefined && !/^[\w][\w./-]*$/.test(ref)) throw bad(`'${ref}' is not a branch, tag or commit name`);
  const at = url.pathname.indexOf('.git/');
  const repoPath = at < 0 ? '' : url.pathname.slice(0, at);
  const path = at < 0 ? '' : decodeURIComponent(url.pathname.slice(at + '.git/'.length)).replace(/\/+$/, '');
  if (repoPath === '' || repoPath === '/' || path === '')
    throw bad('expected a path with …/<repo>.git/<path in the repository>');
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw bad(`'${path}' is not a plain path inside the repository`);
  }
  const userInfo = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  const remote = `${scheme.slice('git-'.length)}://${userInfo}${url.host}${repoPath}.git`;
  return { remote, path, ...(ref === undefined ? {} : { ref }), display };
}

/** Runs git in `cwd`; a failure is an io error naming `what`, with git's last lines. */
function git(cwd: string, args: string[], what: string, source: GitSource, baseEnv: NodeJS.ProcessEnv): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...baseEnv, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' };
  // Never the user's hooks or templates for this throwaway repository.
  const config = ['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false', '-c', 'init.templateDir='];
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...config, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      stderr += `\n(stopped after ${GIT_TIMEOUT_MS / 1000} s)`;
    }, GIT_TIMEOUT_MS);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === 'ENOENT'
          ? userError('io', `cannot read '${source.display}': git is not installed`, {
              hint: 'install git, or download the file and pass its local path',
            })
          : userError('io', `cannot read '${source.display}': running git failed: ${err.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const said = maskCredentials(
        stderr
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .slice(-4)
          .join('; '),
      );
      reject(
        userError('io', `cannot read '${source.display}': ${what} failed${said === '' ? '' : `: ${said}`}`, {
          hint: 'check that `git ls-remote <repository>` works from this shell (access, ref, host key)',
        }),
      );
    });
  });
}

/** Checks `source.path` out into a new owner-only temp dir and returns the dir (the caller removes it). */
async function sparseCheckout(source: GitSource, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'score-compose-git-'));
  try {
    await git(dir, ['init', '-q'], 'git init', source, env);
    await git(dir, ['remote', 'add', 'origin', source.remote], 'git remote add', source, env);
    await git(dir, ['sparse-checkout', 'set', '--no-cone', `/${source.path}`], 'git sparse-checkout', source, env);
    const ref = source.ref ?? 'HEAD';
    await git(dir, ['fetch', '-q', '--depth=1', '--no-tags', 'origin', ref], `fetching ${ref}`, source, env);
    await git(dir, ['checkout', '-q', 'FETCH_HEAD'], 'git checkout', source, env);
    return dir;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The file at the URI, or every regular file of the directory there (sorted, not recursive),
 * each named by its own URI; `maxBytes` caps each file.
 */
export async function readGitFiles(
  uri: string,
  maxBytes: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitFile[]> {
  const source = parseGitUri(uri);
  const dir = await sparseCheckout(source, env);
  try {
    const at = join(dir, ...source.path.split('/'));
    const info = await stat(at).catch(() => undefined);
    const where = `${source.path}' in ${maskCredentials(source.remote)} at ${source.ref ?? 'HEAD'}`;
    if (info === undefined) throw userError('io', `cannot read '${source.display}': there is no '${where}`);
    const read = (file: string) =>
      readRegularFile(file, { maxBytes }).catch((err: unknown) => {
        throw userError('io', `cannot read '${source.display}': ${(err as Error).message}`);
      });
    if (!info.isDirectory()) return [{ name: uri, bytes: await read(at) }];
    const names = (await readdir(at, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw userError('io', `cannot read '${source.display}': no files in '${where}`);
    const url = new URL(uri);
    const base = url.pathname.replace(/\/+$/, '');
    const files: GitFile[] = [];
    for (const name of names) {
      url.pathname = `${base}/${encodeURIComponent(name)}`;
      files.push({ name: url.toString(), bytes: await read(join(at, name)) });
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
