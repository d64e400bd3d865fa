// Nothing left behind when a test process dies. The first environment of a process starts one
// reaper: a small detached Node process whose stdin is a pipe from this one. Each environment is
// announced to it, and struck off when it is taken down. When this process ends in any way (a
// crash, `kill -9`, a CI job cancelled), the operating system closes the pipe; the reaper sees
// end-of-file and takes down every environment still announced, then removes their directories.
// Unlike testcontainers' reaper container it needs no image, which matters where no registry is
// reachable; it does need the process to die on this machine, not the machine itself.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { packagePath } from '../common/package-files.js';

/** What the reaper needs to take an environment down. */
export interface ReapTarget {
  projectName: string;
  projectDir: string;
  /** The engine settings the environment used (DOCKER_HOST and friends). */
  env: Record<string, string | undefined>;
  /** Remove `projectDir` too (it is a directory the library made). */
  removeDir: boolean;
}

let reaper: ChildProcess | undefined;

function dockerEnv(env: Record<string, string | undefined>): Record<string, string> {
  const keep = [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'DOCKER_CONFIG',
    'HOME',
    'XDG_RUNTIME_DIR',
  ];
  return Object.fromEntries(keep.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k] as string]])));
}

function start(): ChildProcess {
  const script = packagePath('dist/environment/reaper-process.js');
  if (!existsSync(script)) throw new Error(`the reaper ${script} is missing: build the package (npm run build)`);
  // Detached: a Ctrl-C or a CI cancel sent to this process group does not stop it before its job.
  const child = spawn(process.execPath, [script], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // A reaper that died early makes writes fail with EPIPE: that must not crash the tests.
  child.stdin?.on('error', () => undefined);
  // Neither the child nor the pipe may keep this process alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.on('error', () => {
    reaper = undefined;
  });
  child.on('exit', () => {
    reaper = undefined;
  });
  return child;
}

function send(message: Record<string, unknown>): void {
  reaper ??= start();
  reaper.stdin?.write(`${JSON.stringify(message)}\n`);
}

/** Announces an environment to the reaper (started on first use). */
export function watchForReaping(target: ReapTarget): void {
  send({ add: { ...target, env: dockerEnv(target.env) } });
}

/** Strikes an environment off: it was taken down properly. */
export function releaseFromReaping(projectName: string): void {
  if (reaper !== undefined) send({ done: projectName });
}
