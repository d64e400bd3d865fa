// Helpers for the CLI-level e2e suites (test/e2e/stack-*.test.ts): a Score project in a temp
// directory with a unique compose project name, the docker CLI as an independent witness, and a
// cleanup that removes everything carrying the project's label even when `down` is broken.
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { REPO_ROOT, runIn, tempProject, type CliRun } from './cli.js';

const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
let counter = 0;

/** A compose project name no other test (or earlier run) uses: `sct-<tag>-<pid>-<time>-<n>`. */
export function uniqueProjectName(tag: string): string {
  counter += 1;
  return `sct-${tag}-${RUN_ID}-${counter}`;
}

/** Runs the docker CLI; returns stdout, or throws with its stderr when it fails. */
export function docker(...args: string[]): string {
  const out = spawnSync('docker', args, { encoding: 'utf8', timeout: 180_000 });
  if (out.status !== 0)
    throw new Error(
      `docker ${args.join(' ')} failed (${out.status ?? out.signal ?? '?'}): ${out.stderr}${out.error?.message ?? ''}`,
    );
  return out.stdout;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** What the engine still holds for a project, found by the compose project label. */
export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** Containers (all states), networks and volumes labelled `com.docker.compose.project=<project>`. */
export function leftovers(project: string): Leftovers {
  const label = `label=com.docker.compose.project=${project}`;
  return {
    containers: lines(docker('ps', '-a', '--filter', label, '--format', '{{.Names}}')).sort(),
    networks: lines(docker('network', 'ls', '--filter', label, '--format', '{{.Name}}')).sort(),
    volumes: lines(docker('volume', 'ls', '--filter', label, '--format', '{{.Name}}')).sort(),
  };
}

/** Force-removes everything of a project by label (plus named volumes given explicitly). Never throws. */
export function sweep(project: string, extraVolumes: string[] = []): void {
  const label = `label=com.docker.compose.project=${project}`;
  const ids = (...args: string[]) => lines(spawnSync('docker', args, { encoding: 'utf8' }).stdout ?? '');
  const containers = ids('ps', '-aq', '--filter', label);
  if (containers.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...containers], { stdio: 'ignore' });
  const networks = ids('network', 'ls', '-q', '--filter', label);
  if (networks.length > 0) spawnSync('docker', ['network', 'rm', ...networks], { stdio: 'ignore' });
  const volumes = [...ids('volume', 'ls', '-q', '--filter', label), ...extraVolumes];
  if (volumes.length > 0) spawnSync('docker', ['volume', 'rm', '-f', ...volumes], { stdio: 'ignore' });
  // Images built for the project carry its label, the ones a rebuild left untagged too.
  const images = [...new Set(ids('images', '-aq', '--filter', label))];
  if (images.length > 0) spawnSync('docker', ['rmi', '-f', ...images], { stdio: 'ignore' });
}

/** Makes sure the images exist locally, building the offline stand-ins when one is missing. */
export function ensureImages(refs: string[]): void {
  const missing = refs.filter(
    (ref) => spawnSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return;
  const script = join(REPO_ROOT, 'scripts', 'build-standin-images.sh');
  const out = spawnSync('bash', [script], { encoding: 'utf8', timeout: 900_000 });
  if (out.status !== 0) throw new Error(`missing images ${missing.join(', ')} and ${script} failed: ${out.stderr}`);
}

/** A free TCP port on the host (bound once on all interfaces, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Like runIn, but hands every stderr chunk to `onStderr` as it is written (to react mid-run). */
export async function runWatched(
  cwd: string,
  argv: string[],
  opts: { signal?: AbortSignal; onStderr: (text: string) => void },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    env: { ...process.env },
    stdout: {
      write: (s: string) => {
        stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        opts.onStderr(s);
      },
    },
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
  return { code, stdout, stderr };
}

/** One Score project on disk with its compose project name. */
export interface StackProject {
  dir: string;
  name: string;
  /** Runs the CLI in the project directory. */
  run(argv: string[], opts?: { signal?: AbortSignal }): Promise<CliRun>;
}

/** Throws with the full output unless the run exited 0, so a failing step explains itself. */
export function ok(run: CliRun, what: string): CliRun {
  if (run.code !== 0)
    throw new Error(`${what} exited ${run.code}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`);
  return run;
}

/**
 * Tracks the projects of one test file: `create` makes a temp dir with the files and runs
 * `init --project <unique> --no-sample`; `cleanup` runs `down -v` in each, then sweeps by label.
 */
export class StackProjects {
  private readonly projects: StackProject[] = [];
  private readonly extraVolumes = new Map<string, string[]>();

  /** Creates and initialises a project; `tag` becomes part of its unique name. */
  async create(tag: string, files: Record<string, string>): Promise<StackProject> {
    const name = uniqueProjectName(tag);
    const dir = await tempProject(name, files);
    const project: StackProject = {
      dir,
      name,
      run: (argv, opts = {}) => runIn(dir, argv, opts.signal === undefined ? {} : { signal: opts.signal }),
    };
    this.projects.push(project);
    ok(await project.run(['init', '--project', name, '--no-sample']), `init in ${dir}`);
    return project;
  }

  /** Also removes these (unlabelled or explicitly named) volumes when cleaning `project` up. */
  alsoRemoveVolumes(project: StackProject, volumes: string[]): void {
    this.extraVolumes.set(project.name, [...(this.extraVolumes.get(project.name) ?? []), ...volumes]);
  }

  /** `down -v` then a label sweep for every project, and removes the temp dirs. Never throws. */
  async cleanup(): Promise<void> {
    for (const p of this.projects.splice(0)) {
      await p.run(['down', '--volumes', '--rmi', 'local', '--timeout', '1']).catch(() => undefined);
      sweep(p.name, this.extraVolumes.get(p.name) ?? []);
      await rm(dirname(p.dir), { recursive: true, force: true });
    }
  }
}

/** The `docker ps --no-trunc` ids of a project's containers, keyed by service. */
export function containerIds(project: string): Record<string, string> {
  const out = docker(
    'ps',
    '-a',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.ID}} {{.Label "com.docker.compose.service"}}',
  );
  const ids: Record<string, string> = {};
  for (const line of lines(out)) {
    const [id, service] = line.split(' ');
    if (id !== undefined && service !== undefined) ids[service] = id;
  }
  return ids;
}

/** One line of `ps --format json` (ours and docker compose's share the shape). */
export interface ComposePsRow {
  ID: string;
  Name: string;
  Service: string;
  Project: string;
  State: string;
  Health: string;
  ExitCode: number;
  Status: string;
  Publishers: { URL: string; TargetPort: number; PublishedPort: number; Protocol: string }[] | null;
  [key: string]: unknown;
}

/** Parses `ps --format json`: one object per line (older docker compose releases printed one array). */
export function parsePsJson(text: string): ComposePsRow[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as ComposePsRow[];
  return trimmed.split('\n').map((line) => JSON.parse(line) as ComposePsRow);
}
