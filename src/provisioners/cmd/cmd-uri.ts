// `cmd://` URIs name the program to run: `cmd:///abs`, `cmd://~/p`, `cmd://./p`, `cmd://../p`, or
// `cmd://name` looked up on PATH. The fragment is ignored, so community files use it as a unique
// name (`cmd://python3#dotenv`).
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { userError } from '../../common/errors.js';

/** The parts of a cmd:// URI that select the binary. */
export interface CmdTarget {
  /** `''` for `cmd:///abs/path`, `~`, `.`, `..` or a command name. */
  host: string;
  /** The path after the host, starting with `/`, or `''`. */
  path: string;
}

/** Checks a `cmd://` URI with the reference's rules and messages. */
export function parseCmdUri(uri: string): CmdTarget {
  if (uri === '') throw userError('input', 'uri not set');
  const m = /^cmd:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(uri);
  if (!m) throw userError('input', `failed to parse url: parse "${uri}": not a cmd:// uri`);
  const authority = m[1]!;
  if (authority.includes('@')) throw userError('input', 'cmd provisioner uri cannot contain user info');
  const colon = authority.lastIndexOf(':');
  if (colon >= 0) {
    const port = authority.slice(colon);
    if (!/^:\d*$/.test(port))
      throw userError('input', `failed to parse url: parse "${uri}": invalid port "${port}" after host`);
    throw userError('input', 'cmd provisioner uri cannot contain a port');
  }
  if (m[3] !== undefined) throw userError('input', 'cmd provisioner uri cannot contain query params');
  return { host: authority, path: m[2]! };
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the binary of a cmd:// URI is: absolute, under $HOME, the cwd or its parent, or on PATH. */
export async function resolveCmdBinary(
  target: CmdTarget,
  where: { cwd: string; home: string | undefined; path: string | undefined },
): Promise<string> {
  const { host, path } = target;
  if (host === '') return path;
  if (host === '~') {
    if (!where.home) throw userError('provision', 'cannot resolve cmd://~/...: the home directory is unknown');
    return join(where.home, path);
  }
  if (host === '.') return join(where.cwd, path);
  if (host === '..') return join(dirname(where.cwd), path);
  if (path !== '' && path !== '/')
    throw userError('input', 'direct command reference cannot contain additional path parts');
  for (const dir of (where.path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(isAbsolute(dir) ? dir : join(where.cwd, dir), host);
    if (await isExecutableFile(candidate)) return candidate;
  }
  throw userError(
    'provision',
    `failed to find '${host}' on path: exec: "${host}": executable file not found in $PATH`,
    {
      hint: `install '${host}' or use an explicit path such as cmd://./bin/${host} or cmd:///usr/local/bin/${host}`,
    },
  );
}
