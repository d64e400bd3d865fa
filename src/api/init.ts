import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, stat } from '../fs/sync-promises.js';
import { basename, join, resolve } from 'node:path';
import { userError, wrapError } from '../common/errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Logger } from '../common/log.js';
import { defaultProvisionersText, sampleScoreFile } from '../common/package-files.js';
import { assertInside, PathRefused } from '../fs/confine.js';
import type { FetchOptions } from '../provisioners/sources/fetch-uri.js';
import { fetchUriContents, installProvisionerFiles, type ProvisionerSource } from '../provisioners/install.js';
import { loadProvisioners, parseProvisionerFile } from '../provisioners/load.js';
import { checkPatchTemplate } from '../assemble/patch.js';
import { emptyState, loadState, projectConfinement, saveState, STATE_FILE } from '../state/store.js';
import { withStateLock } from '../state/lock.js';
import { normaliseProjectName } from '../compose/project-name.js';
import { withIgnoredSecrets } from '../secrets/gitignore.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';

/** Options of `init`, as flags give them. */
export interface InitOptions {
  projectDir: string;
  file?: string;
  project?: string;
  /** A project name of its own: the directory's name and a random suffix (for CI jobs side by side). */
  uniqueProject?: boolean;
  noSample?: boolean;
  /** Leave `.gitignore` alone (by default `.env` and `.score-compose/` are added to it). */
  noGitignore?: boolean;
  provisioners?: string[];
  patchTemplates?: string[];
  noDefaultProvisioners?: boolean;
  stdin?: NodeJS.ReadableStream;
  /** The environment git and registry credential helpers see (the process's by default). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  now?: () => Date;
  /** score-compose (default) or score-k8s: the state directory, defaults and provisioner target. */
  tool?: Tool;
}

const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const DEFAULT_PROVISIONERS_FILE = 'zz-default.provisioners.yaml';

/** A compose project name from a directory name: lower-case, `[a-z0-9_-]` only, no leading `_`/`-`. */
export function projectNameFromDir(dir: string): string {
  return normaliseProjectName(basename(dir));
}

/** `<directory name>-<6 random hex digits>`: a name no other run on the host is likely to have. */
export function uniqueProjectName(projectDir: string): string {
  const base = projectNameFromDir(resolve(projectDir)).slice(0, 40) || 'score';
  return `${base}-${randomBytes(3).toString('hex')}`;
}

function chooseProjectName(opts: InitOptions): string | undefined {
  if (opts.tool?.target === 'k8s') return undefined;
  if (opts.uniqueProject === true) {
    if (opts.project !== undefined) throw userError('usage', '--project and --unique-project cannot be combined');
    return uniqueProjectName(opts.projectDir);
  }
  if (opts.project === undefined) return undefined;
  if (!PROJECT_NAME.test(opts.project)) {
    throw userError('usage', `invalid value for --project, it must match ${PROJECT_NAME.source}`, {
      hint: `try --project ${projectNameFromDir(opts.project) || 'my-project'}`,
    });
  }
  return opts.project;
}

async function writeExclusive(path: string, text: string, mode: number): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', mode);
    await handle.writeFile(text);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The project name of a new state: `--project`, else derived from the directory name. */
function newProjectName(projectDir: string, project: string | undefined): string {
  const name = project ?? projectNameFromDir(resolve(projectDir));
  if (!PROJECT_NAME.test(name)) {
    throw userError(
      'usage',
      `cannot derive a compose project name from the directory '${basename(resolve(projectDir))}'`,
      {
        hint: 'pass --project <name> (lower-case letters, digits, _ and -)',
      },
    );
  }
  return name;
}

/** Fetches and validates every `--provisioners` source, before anything is written. */
async function fetchProvisioners(opts: InitOptions, fetchOpts: FetchOptions, tool: Tool): Promise<ProvisionerSource[]> {
  const sources: ProvisionerSource[] = [];
  for (const [index, uri] of (opts.provisioners ?? []).entries()) {
    let items;
    try {
      items = await fetchUriContents(uri, fetchOpts);
    } catch (err) {
      throw wrapError(err, `failed to load provisioner ${index + 1}`);
    }
    for (const item of items) {
      const name = uri === '-' ? 'from-stdin' : item.name;
      try {
        parseProvisionerFile(item.content, name, tool.target);
      } catch (err) {
        throw wrapError(err, `failed to save provisioner from ${uri}`);
      }
      sources.push({ uri: name, content: item.content });
    }
  }
  return sources;
}

/**
 * `.score-compose` must be a directory inside the project (a link elsewhere would send every
 * write there); returns whether it exists.
 */
async function checkStateDirectory(projectDir: string, tool: Tool): Promise<boolean> {
  const stateDir = join(projectDir, tool.stateDir);
  try {
    assertInside(stateDir, projectConfinement(projectDir));
  } catch (err) {
    if (!(err instanceof PathRefused)) throw err;
    throw userError('state', `the state directory '${tool.stateDir}' ${err.reason}`, {
      hint: `move '${tool.stateDir}' away and run "${tool.name} init" again`,
    });
  }
  const info = await stat(stateDir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw userError('state', `'${tool.stateDir}' exists and is not a directory`, {
      hint: `move it away and run "${tool.name} init" again`,
    });
  }
  return info !== undefined;
}

/** Adds `.env` and `.score-compose/` to the project's `.gitignore` where it does not ignore them yet. */
async function ignoreSecrets(projectDir: string, logger: Logger, tool: Tool): Promise<void> {
  const path = join(projectDir, '.gitignore');
  const info = await lstat(path).catch(() => undefined);
  if (info !== undefined && !info.isFile()) return;
  const next = withIgnoredSecrets(info === undefined ? undefined : await readFile(path, 'utf8'), tool);
  if (next === null) return;
  await writeFileAtomic(path, next.text);
  logger.info(`Added ${next.added.join(' and ')} to .gitignore: they hold generated secrets (never commit them)`);
}

/** The library form of `score-compose init` (and `score-k8s init`): creates or updates the state directory. */
export async function init(opts: InitOptions): Promise<void> {
  const { logger, projectDir } = opts;
  const tool = opts.tool ?? SCORE_COMPOSE;
  const dirName = tool.stateDir;
  const project = chooseProjectName(opts);
  const fetchOpts = {
    cwd: projectDir,
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  };
  const templates: string[] = [];
  for (const uri of opts.patchTemplates ?? []) {
    logger.info(`Fetching patch template from ${uri}`);
    for (const item of await fetchUriContents(uri, fetchOpts)) {
      try {
        await checkPatchTemplate(item.content, item.name);
      } catch (err) {
        throw wrapError(err, `error parsing patch template from ${uri}`);
      }
      templates.push(item.content);
    }
  }
  // Everything is fetched and checked first: a source that fails leaves the project as it was.
  const provisioners = await fetchProvisioners(opts, fetchOpts, tool);
  const stateDir = join(projectDir, dirName);
  if (await checkStateDirectory(projectDir, tool)) {
    logger.info(`Found existing state directory '${dirName}'`);
    await withStateLock(
      stateDir,
      async () => {
        const stateFile = join(stateDir, STATE_FILE);
        if ((await lstat(stateFile).catch(() => undefined)) === undefined) {
          // A missing state file is recreated (running init is the way to); a damaged one is an error.
          const name = newProjectName(projectDir, project);
          logger.info(`Writing new state file '${join(dirName, STATE_FILE)}'`);
          await saveState(projectDir, emptyState(name, templates, tool), tool);
          return;
        }
        const state = await loadState(projectDir, tool);
        let next = state;
        if (project !== undefined && project !== state.compose_project) next = { ...next, compose_project: project };
        if (templates.length > 0) next = { ...next, patching_templates: templates };
        if (next !== state) await saveState(projectDir, next, tool);
        if (provisioners.length > 0) {
          try {
            await loadProvisioners(stateDir, tool.target);
          } catch (err) {
            throw wrapError(err, 'failed to load existing provisioners');
          }
        }
      },
      { tool },
    );
  } else {
    const name = tool.target === 'k8s' ? '' : newProjectName(projectDir, project);
    logger.info(`Writing new state directory '${dirName}'`);
    // Owner-only: the state and mounted files hold generated secrets.
    await mkdir(tool.target === 'k8s' ? stateDir : join(stateDir, 'mounts'), { recursive: true, mode: 0o700 });
    await saveState(projectDir, emptyState(name, templates, tool), tool);
    if (!opts.noDefaultProvisioners) {
      const path = join(stateDir, DEFAULT_PROVISIONERS_FILE);
      if (await writeExclusive(path, await defaultProvisionersText(tool.name), 0o644)) {
        logger.info(`Writing default provisioners file '${join(dirName, DEFAULT_PROVISIONERS_FILE)}'`);
      } else {
        logger.info(
          `Default provisioners file '${join(dirName, DEFAULT_PROVISIONERS_FILE)}' already exists, not replacing it`,
        );
      }
    }
  }
  if (opts.noGitignore !== true) await ignoreSecrets(projectDir, logger, tool);
  const scoreFile = opts.file ?? 'score.yaml';
  const scorePath = resolve(projectDir, scoreFile);
  if (
    await stat(scorePath).then(
      () => true,
      () => false,
    )
  ) {
    logger.info(`Found existing Score file '${scoreFile}'`);
  } else if (!opts.noSample) {
    logger.info(`Writing new Score file '${scoreFile}'`);
    const sample = await sampleScoreFile();
    await writeFileAtomic(scorePath, tool.target === 'k8s' ? sample.replaceAll('score-compose', tool.name) : sample);
  }
  const now = opts.now ?? (() => new Date());
  if (provisioners.length > 0) {
    await withStateLock(
      stateDir,
      async () => {
        try {
          await installProvisionerFiles(stateDir, provisioners, now(), tool.target);
        } catch (err) {
          throw wrapError(err, 'failed to save provisioners');
        }
      },
      { tool },
    );
    for (const { uri } of provisioners) logger.info(`Installed provisioners from ${uri}`);
  }
  try {
    await loadProvisioners(stateDir, tool.target);
  } catch (err) {
    throw wrapError(err, 'failed to load existing provisioners');
  }
  logger.info('Read more about the Score specification at https://docs.score.dev/docs/');
}
