// The harness of the hostile-input suite (test/unit/hostile): every case runs the CLI in-process
// in a fresh project beside a sentinel directory, and checks what the README promises:
//
// - the exit code of the README's table, and on failure one `Error: ` message with no stack
//   trace and no "internal error";
// - after a failure, the project exactly as it was (every file, link and directory, byte for byte);
// - always, the sentinel directory outside the project exactly as it was (nothing written), its
//   secret nowhere in the output or the project (nothing read), and its FIFOs never opened (a
//   tripwire: a child process blocked writing the secret into the FIFO finishes only if someone
//   opens it for reading, so a read shows up as the secret in the output instead of a hang).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, Server as HttpServer, type RequestListener } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { runIn, type CliRun } from './cli.js';

/** A Score file with one container (the usual starting point of a case). */
export const SCORE = (name = 'web', extra = '') => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: busybox
${extra}`;

/** A Score file whose container mounts `source` (relative to the Score file) at /etc/cfg. */
export const SCORE_WITH_SOURCE = (source: string, name = 'web') =>
  SCORE(name, `    files:\n      - target: /etc/cfg\n        source: ${JSON.stringify(source)}\n`);

/** A case's directories: the project, and beside it the sentinel directory nothing may touch. */
export interface World {
  project: string;
  outside: string;
  /** Content of `outside/secret.txt`; also inside `outside/score.yaml` and `outside/overrides.yaml`. */
  secret: string;
  /** Creates a FIFO whose opening for reading is detected (see the module comment). */
  tripwire(path: string): void;
  /** Creates a Unix socket at `path`. */
  socket(path: string): Promise<void>;
  /** Starts an HTTP server on loopback for the case (closed after it); returns its base URL. */
  serve(handler: RequestListener): Promise<string>;
  /** Writes files (parents created) relative to the project. */
  write(files: Record<string, string | Buffer>): Promise<void>;
}

/** Where a case starts from. */
export type Base =
  | 'empty' // an empty project directory
  | 'init' // after `init --no-sample`
  | 'generated'; // after `init --no-sample` and `generate score.yaml` of SCORE()

/** One hostile input and what must come of it. */
export interface HostileCase {
  name: string;
  base?: Base;
  setup?: (w: World) => Promise<void> | void;
  argv: string[] | ((w: World) => string[]);
  stdin?: string;
  env?: Record<string, string>;
  /** The exit code (README "Exit codes"): 0, 1 user error, 2 usage. */
  code: 0 | 1 | 2 | 3;
  /** Must match stderr (a failure's message, or a success's warning). */
  stderr?: RegExp;
  /** Further checks after the generic ones. */
  check?: (w: World, run: CliRun) => Promise<void> | void;
  /** The user named a file outside the project on purpose: it may be read (not written). */
  readsOutside?: boolean;
}

/**
 * A case as the case files build them: `run` says what runs (argv, setup, base), `code` and
 * `stderr` what must come of it, and `extra` adds or replaces anything (a check, another setup).
 */
export function hostileCase(
  name: string,
  run: Omit<HostileCase, 'name' | 'code'>,
  code: HostileCase['code'],
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  return { name, ...run, code, ...(stderr ? { stderr } : {}), ...extra };
}

export const HAS_MKFIFO = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type Entry = { type: string; mode: number; content?: string };

/** Files above this size (a sparse 1 GiB test file) are compared by size and time, not read. */
const HASH_LIMIT = 16 * 1024 * 1024;

/** Every entry under `dir`: type, permission bits, and content hash or link target. */
export async function snapshot(dir: string): Promise<Record<string, Entry>> {
  const out: Record<string, Entry> = {};
  const walk = async (rel: string): Promise<void> => {
    const path = join(dir, rel);
    const info = await lstat(path);
    const mode = info.mode & 0o7777;
    if (info.isSymbolicLink()) out[rel] = { type: 'link', mode: 0, content: await readlink(path) };
    else if (info.isFile()) {
      const content =
        info.size > HASH_LIMIT
          ? `${info.size} bytes, modified ${info.mtimeMs}`
          : createHash('sha256')
              .update(await readFile(path))
              .digest('hex');
      out[rel] = { type: 'file', mode, content };
    } else if (info.isDirectory()) {
      if (rel !== '') out[rel] = { type: 'dir', mode };
      for (const name of (await readdir(path)).sort()) await walk(rel === '' ? name : `${rel}/${name}`);
    } else out[rel] = { type: info.isFIFO() ? 'fifo' : info.isSocket() ? 'socket' : 'other', mode };
  };
  await walk('');
  return out;
}

/** Every regular file under `dir` whose bytes contain `text`. */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  const snap = await snapshot(dir);
  for (const [rel, entry] of Object.entries(snap)) {
    if (entry.type !== 'file' || / bytes, modified /.test(entry.content ?? '')) continue;
    if ((await readFile(join(dir, rel))).includes(text)) found.push(rel);
  }
  return found;
}

const templates = new Map<Base, Promise<string>>();

/** A project at `base`, made once per test file and copied for each case. */
function template(base: Base): Promise<string> {
  let made = templates.get(base);
  if (made === undefined) {
    made = (async () => {
      const dir = join(await mkdtemp(join(tmpdir(), 'hostile-template-')), 'project');
      await mkdir(dir, { recursive: true });
      if (base === 'empty') return dir;
      const init = await runIn(dir, ['init', '--no-sample']);
      expect(init.code, init.stderr).toBe(0);
      if (base === 'generated') {
        await writeFile(join(dir, 'score.yaml'), SCORE());
        const generated = await runIn(dir, ['generate', 'score.yaml']);
        expect(generated.code, generated.stderr).toBe(0);
      }
      return dir;
    })();
    templates.set(base, made);
  }
  return made;
}

const NOT_A_STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Runs one case with every generic check; returns the run for the case's own checks. */
export async function runHostileCase(c: HostileCase): Promise<CliRun> {
  const root = await mkdtemp(join(tmpdir(), 'hostile-'));
  const project = join(root, 'project');
  const outside = join(root, 'outside');
  await cp(await template(c.base ?? 'init'), project, { recursive: true, verbatimSymlinks: true });
  const secret = `SENTINEL-${randomUUID()}`;
  await mkdir(join(outside, 'dir'), { recursive: true });
  await writeFile(join(outside, 'secret.txt'), `${secret}\n`);
  await writeFile(
    join(outside, 'score.yaml'),
    SCORE(
      'web',
      `    variables:\n      LEAK: ${secret}\n    files:\n      - target: /etc/leak\n        source: secret.txt\n`,
    ),
  );
  await writeFile(join(outside, 'overrides.yaml'), `containers:\n  main:\n    variables:\n      LEAK: ${secret}\n`);
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const world: World = {
    project,
    outside,
    secret,
    tripwire(path) {
      execFileSync('mkfifo', [path]);
      // Blocks in open() until a reader comes; then writes the secret and exits.
      const child = spawn('sh', ['-c', 'printf "%s\\n" "$1" > "$2"', 'sh', secret, path], { stdio: 'ignore' });
      children.push(child);
    },
    async socket(path) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(path, resolve));
    },
    async serve(handler) {
      const server = createHttpServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    },
    async write(files) {
      for (const [rel, content] of Object.entries(files)) {
        await mkdir(dirname(join(project, rel)), { recursive: true });
        await writeFile(join(project, rel), content);
      }
    },
  };
  try {
    await c.setup?.(world);
    const before = { project: await snapshot(project), outside: await snapshot(outside) };
    const argv = typeof c.argv === 'function' ? c.argv(world) : c.argv;
    const run = await runIn(project, argv, {
      env: { ...process.env, DOCKER_HOST: `unix://${join(root, 'no-docker.sock')}`, ...c.env },
      ...(c.stdin === undefined ? {} : { stdin: c.stdin }),
    });
    const output = `exit ${run.code}\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout.slice(0, 2000)}`;
    expect(run.code, output).toBe(c.code);
    expect(run.stderr, 'a stack trace was printed').not.toMatch(NOT_A_STACK);
    expect(run.stderr, 'an internal error').not.toContain('internal error');
    if (c.code !== 0) {
      expect(run.stderr, 'the failure is one `Error: ` message').toMatch(/^Error: /m);
      expect(await snapshot(project), 'a failed run changed the project').toEqual(before.project);
    }
    if (c.stderr) expect(run.stderr, output).toMatch(c.stderr);
    expect(await snapshot(outside), 'something outside the project was written').toEqual(before.outside);
    if (!c.readsOutside) {
      expect(`${run.stdout}\n${run.stderr}`, 'a file outside the project was read').not.toContain(secret);
      expect(await filesContaining(project, secret), 'a file outside the project was copied in').toEqual([]);
    }
    if (children.length > 0) await new Promise((resolve) => setTimeout(resolve, 20)); // let an exit be seen
    for (const child of children) expect(child.exitCode, 'a FIFO was opened').toBeNull();
    await c.check?.(world, run);
    return run;
  } finally {
    for (const child of children) child.kill('SIGKILL');
    for (const server of servers) {
      if (server instanceof HttpServer) server.closeAllConnections();
      server.close();
    }
  }
}
