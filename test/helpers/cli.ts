import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli, type ToolCli } from '../../src/cli/program.js';
import { SCORE_K8S_CLI } from '../../src/cli/k8s/program.js';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `score-compose <argv>` in-process with `cwd`, capturing its output. */
export async function runIn(
  cwd: string,
  argv: string[],
  opts: { env?: Record<string, string | undefined>; stdin?: string; signal?: AbortSignal; tool?: ToolCli } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      cwd,
      env: opts.env ?? { ...process.env },
      stdout: {
        write: (s: string) => {
          stdout += s;
        },
      },
      stderr: {
        write: (s: string) => {
          stderr += s;
        },
      },
      ...(opts.stdin === undefined ? {} : { stdin: Readable.from([opts.stdin]) }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    },
    opts.tool,
  );
  return { code, stdout, stderr };
}

/** A fresh directory `<tmp>/<random>/<name>`, so the project name is `name`. */
export async function tempProject(name = 'project', files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sct-')), name);
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Runs `score-k8s <argv>` in-process with `cwd`, capturing its output. */
export function runK8sIn(
  cwd: string,
  argv: string[],
  opts: { env?: Record<string, string | undefined>; stdin?: string } = {},
): Promise<CliRun> {
  return runIn(cwd, argv, { ...opts, tool: SCORE_K8S_CLI });
}
