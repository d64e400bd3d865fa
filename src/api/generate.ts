import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userError, wrapError } from '../common/errors.js';
import { parseBuildFlag } from '../assemble/build-config.js';
import { describeFsError } from '../convert/file-content.js';
import { assembleProject } from '../assemble/assemble.js';
import { stringifyCompose } from '../compose/write.js';
import type { ComposeBuild, ComposeProject } from '../compose/types.js';
import type { Logger } from '../common/log.js';
import { loadProvisioners, withBuiltinProvisioners } from '../provisioners/load.js';
import { provisionResources } from '../provisioners/provision.js';
import { readWorkloadFile, checkWorkload, checkWorkloadFilesMetadata } from '../score/read.js';
import { applyOverridesFile, applyOverrideProperties } from '../score/overrides.js';
import { parseYamlDocument } from '../score/parse.js';
import { loadState, STATE_DIR } from '../state/store.js';
import { withStateLock } from '../state/lock.js';
import { primeResources, withWorkloads, type WorkloadEntry } from '../state/transitions.js';
import type { State } from '../state/types.js';
import { writeGenerateOutputs } from './write-outputs.js';

/** Options of `generate`, as flags give them. */
export interface GenerateOptions {
  /** Directory holding `.score-compose/`; relative paths are resolved against it. */
  projectDir: string;
  /** Score files, as given (relative to projectDir or absolute). */
  files: string[];
  /** Output path, `-` for none (the caller prints the YAML). Default `compose.yaml`. */
  output?: string;
  overridesFile?: string;
  overrideProperties?: string[];
  image?: string;
  build?: string[];
  envFile?: string;
  publish?: string[];
  env?: Record<string, string | undefined>;
  logger: Logger;
}

/** What `generate` produced. */
export interface GenerateResult {
  project: ComposeProject;
  yaml: string;
  state: State;
  /** Variables referenced through environment provisioners (for `--env-file`). */
  envVariables: string[];
}

function checkFlagCombinations(opts: GenerateOptions): void {
  const many = opts.files.length > 1;
  if (opts.image !== undefined && many)
    throw userError('usage', '--image cannot be used when multiple score files are provided');
  if ((opts.build ?? []).length > 0 && many)
    throw userError('usage', '--build cannot be used when multiple score files are provided');
  for (const [flag, set] of [
    ['--overrides-file', opts.overridesFile !== undefined],
    ['--override-property', (opts.overrideProperties ?? []).length > 0],
  ] as const) {
    if (!set) continue;
    if (opts.files.length === 0) throw userError('usage', `${flag} cannot be used without providing a score file`);
    if (many) throw userError('usage', `${flag} cannot be used when multiple score files are provided`);
  }
  if (opts.output === '') throw userError('usage', 'no output file specified');
}

function readOverridesFile(projectDir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(projectDir, file), 'utf8');
  } catch (err) {
    throw userError(
      'input',
      `--overrides-file '${file}' is invalid, failed to read file: ${describeFsError(err, file)}`,
    );
  }
  try {
    return parseYamlDocument(text, file).value;
  } catch (err) {
    throw wrapError(err, `--overrides-file '${file}' is invalid`);
  }
}

/** Applies --image to containers whose image is `.`, and checks each has an image or a build. */
function resolveImages(
  workload: ReturnType<typeof checkWorkload>['workload'],
  image: string | undefined,
  builds: Record<string, ComposeBuild>,
  logger: Logger,
): void {
  const name = workload.metadata.name;
  for (const [cname, container] of Object.entries(workload.containers).sort(([a], [b]) => a.localeCompare(b))) {
    if (container.image !== '.') continue;
    if (image !== undefined) {
      container.image = image;
      logger.info(`Set container image for workload '${name}' container '${cname}' to ${image} from --image`);
    } else if (!builds[cname]) {
      throw userError(
        'input',
        `failed to convert '${name}' because container '${cname}' has no image and neither --image nor --build was provided`,
        {
          hint: `pass --image <ref>, or --build ${cname}=<context dir>`,
        },
      );
    }
  }
}

/**
 * The library form of `score-compose generate`: reads Score files into the state, provisions
 * resources, converts workloads and writes compose.yaml (and state) only when all of it worked.
 */
export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const { logger } = opts;
  checkFlagCombinations(opts);
  const files = [...opts.files].sort();
  const loaded: ({ file: string } & Awaited<ReturnType<typeof readWorkloadFile>>)[] = [];
  for (const file of files) loaded.push({ file, ...(await readWorkloadFile(resolve(opts.projectDir, file), file)) });
  checkWorkloadFilesMetadata(loaded.map((l) => ({ file: l.file, raw: l.raw })));

  return withStateLock(join(opts.projectDir, STATE_DIR), async () => {
    let state = await loadState(opts.projectDir);
    logger.info(`Loaded state directory with docker compose project '${state.compose_project}'`);
    const entries: WorkloadEntry[] = [];
    for (const item of loaded) {
      let raw = item.raw;
      if (opts.overridesFile !== undefined) {
        logger.info(`Applying overrides from ${opts.overridesFile} to workload`);
        // Reading errors already name the flag and file: only merging failures get this prefix.
        const overrides = readOverridesFile(opts.projectDir, opts.overridesFile);
        try {
          raw = applyOverridesFile(raw, overrides);
        } catch (err) {
          throw wrapError(err, `--overrides-file '${opts.overridesFile}' failed to apply`);
        }
      }
      raw = applyOverrideProperties(raw, opts.overrideProperties ?? []);
      const { workload, changes } = checkWorkload(raw, item.file, item.parsed.locate);
      const name = workload.metadata.name;
      for (const change of changes) logger.info(`Applying backwards compatible upgrade to '${name}': ${change}`);
      logger.info(`Validated workload '${name}'`);
      const builds: Record<string, ComposeBuild> = {};
      for (const flag of opts.build ?? []) {
        const { container, build } = parseBuildFlag(flag, Object.keys(workload.containers));
        builds[container] = build;
      }
      resolveImages(workload, opts.image, builds, logger);
      entries.push({ workload, file: item.file, buildConfigs: builds });
    }
    state = withWorkloads(state, entries);
    if (Object.keys(state.workloads).length === 0) {
      throw userError('input', 'no workloads found, please provide a Score file to generate from', {
        hint: 'run "score-compose generate score.yaml"',
      });
    }
    const provisioners = withBuiltinProvisioners(
      await loadProvisioners(join(opts.projectDir, STATE_DIR)).catch((err: unknown) => {
        throw wrapError(err, 'failed to load provisioners');
      }),
    );
    logger.info(`Successfully loaded ${provisioners.length} resource provisioners`);
    state = primeResources(state);
    const env = opts.env ?? process.env;
    const provisioned = await provisionResources(
      state,
      provisioners,
      { projectDir: opts.projectDir, env, logger },
      logger,
    );
    logger.info(`Provisioned ${provisioned.order.length} resources`);
    const assembled = assembleProject({
      state: provisioned.state,
      provisioned,
      projectDir: opts.projectDir,
      publish: opts.publish ?? [],
      readFile: (path) => readFileSync(path),
      logger,
    });
    const yaml = stringifyCompose(assembled.project);
    const envVariables = [...new Set([...provisioned.environment.values()].flatMap((l) => l.referenced()))].sort();
    await writeGenerateOutputs({
      projectDir: opts.projectDir,
      state: provisioned.state,
      output: opts.output ?? 'compose.yaml',
      yaml,
      mountFiles: assembled.mountFiles,
      fileOperations: provisioned.fileOperations,
      envFile: opts.envFile === undefined ? undefined : { path: opts.envFile, variables: envVariables },
      logger,
    });
    return { project: assembled.project, yaml, state: provisioned.state, envVariables };
  });
}
