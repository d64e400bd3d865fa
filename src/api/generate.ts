import { dirname, join, resolve } from 'node:path';
import { ScoreComposeError, userError, wrapError } from '../common/errors.js';
import { isInside, PathRefused, readRegularFileSync, realPathOf, type Confinement } from '../fs/confine.js';
import { parseBuildFlag, type BuildFlag } from '../assemble/build-config.js';
import { describeFsError } from '../convert/file-content.js';
import { assembleProject, type AssembleResult } from '../assemble/assemble.js';
import { stringifyCompose } from '../compose/write.js';
import type { ComposeBuild, ComposeProject } from '../compose/types.js';
import type { Logger } from '../common/log.js';
import { loadProvisioners, withBuiltinProvisioners } from '../provisioners/load.js';
import { provisionResources, type ProvisionResult } from '../provisioners/provision.js';
import { readWorkloadFile, checkWorkload, checkWorkloadFilesMetadata } from '../score/read.js';
import { applyOverridesFile, applyOverrideProperties } from '../score/overrides.js';
import { parseYamlDocument } from '../score/parse.js';
import { loadState, projectConfinement, STATE_DIR, STATE_FILE } from '../state/store.js';
import { withStateLock } from '../state/lock.js';
import {
  primeResources,
  unusedResources,
  withoutResources,
  withoutWorkloads,
  withWorkloads,
  type WorkloadEntry,
} from '../state/transitions.js';
import { suggestName } from '../common/did-you-mean.js';
import type { State, WorkloadState } from '../state/types.js';
import type { Workload } from '../score/types.js';
import type { ParsedYaml } from '../score/parse.js';
import { isRecord } from '../common/is-record.js';
import { prepareOutputs, type PendingOutputs } from './write-outputs.js';
import { errorLocator, locateIn, type ScoreSource } from './score-locations.js';
import { nextWorkloadInputs, readWorkloadInputs, type WorkloadInputs } from './workload-inputs.js';
import { collectSecrets } from '../secrets/collect.js';
import { externalizeSecrets } from '../secrets/externalize.js';
import { redactingLogger, registerSecrets } from '../secrets/redact.js';
import { byName } from '../common/order.js';
import { nameIn, recordedScoreFiles, renamedAway } from './recorded-files.js';

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
  /**
   * Leave every published host port to the engine (default: SCORE_COMPOSE_EPHEMERAL_PORTS=1 in
   * `env`). Not stored: it holds for this run only, like `publish`.
   */
  ephemeralPorts?: boolean;
  /**
   * Also publish every workload service port and every resource's `host:port` output (ports the
   * engine picks): what a test environment needs to be reached from the test process.
   */
  publishForHost?: boolean;
  /**
   * Make workloads depend on the resources' services directly instead of through the
   * `wait-for-resources` one-shot (same conditions, one container fewer): what a test environment
   * uses. Not stored.
   */
  directDependencies?: boolean;
  /**
   * Write secrets into compose.yaml as they are, instead of as `${VAR}` references to the secrets
   * file (`.env` beside it). Default: SCORE_COMPOSE_INLINE_SECRETS=1 in `env`. Not stored.
   */
  inlineSecrets?: boolean;
  env?: Record<string, string | undefined>;
  /** Stored workloads to remove first (`workloads remove`); with no files, the others' files are read again. */
  removeWorkloads?: string[];
  /** Remove from the state the resources no stored workload uses (`resources prune`). */
  pruneResources?: boolean;
  logger: Logger;
  /** Aborting stops a running cmd:// provisioner (the run then fails as interrupted). */
  signal?: AbortSignal;
}

/** `SCORE_COMPOSE_INLINE_SECRETS`: `1`/`true`/`yes` writes secrets into compose.yaml on every run. */
export function inlineSecretsFromEnv(env: Record<string, string | undefined>): boolean {
  return /^(1|true|yes)$/i.test(env['SCORE_COMPOSE_INLINE_SECRETS']?.trim() ?? '');
}

/** `SCORE_COMPOSE_EPHEMERAL_PORTS`: `1`/`true`/`yes` turns ephemeral ports on for every run. */
export function ephemeralPortsFromEnv(env: Record<string, string | undefined>): boolean {
  return /^(1|true|yes)$/i.test(env['SCORE_COMPOSE_EPHEMERAL_PORTS']?.trim() ?? '');
}

/** What `generate` produced. */
export interface GenerateResult {
  project: ComposeProject;
  yaml: string;
  state: State;
  /** Variables referenced through environment provisioners (for `--env-file`). */
  envVariables: string[];
  /** The secrets compose.yaml references, by variable name (kept in the secrets file); empty when inline. */
  secretVariables: Record<string, string>;
  /** Resources left in the state that no workload uses (after pruning: none). */
  unusedResources: string[];
  /** Resources this run removed from the state (`pruneResources`). */
  prunedResources: string[];
  /** The compose services and volumes each resource added, by uid. */
  added: Map<string, { services: string[]; volumes: string[] }>;
}

/** The workloads to remove, each checked to be stored (a suggestion for a misspelt one). */
function checkRemovals(state: State, names: readonly string[]): string[] {
  const stored = Object.keys(state.workloads).sort();
  for (const name of names) {
    if (state.workloads[name] !== undefined) continue;
    const close = suggestName(name, stored);
    throw userError('usage', `no workload '${name}' in the state`, {
      hint:
        close !== undefined
          ? `did you mean '${close}'?`
          : stored.length === 0
            ? 'the state holds no workload'
            : `stored workloads: ${stored.join(', ')} (score-compose workloads list)`,
    });
  }
  return [...new Set(names)];
}

function checkFlagCombinations(opts: GenerateOptions): void {
  const many = opts.files.length > 1;
  if (opts.image !== undefined && many)
    throw userError('usage', '--image cannot be used when multiple score files are provided');
  // Several files need the workload named: `--build <workload>.<container>=<context>`.
  if (many && (opts.build ?? []).some((flag) => !flag.slice(0, Math.max(0, flag.indexOf('='))).includes('.'))) {
    throw userError('usage', '--build cannot be used when multiple score files are provided', {
      hint: 'name the workload: --build <workload>.<container>=<context dir>',
    });
  }
  for (const [flag, set] of [
    ['--overrides-file', opts.overridesFile !== undefined],
    ['--override-property', (opts.overrideProperties ?? []).length > 0],
  ] as const) {
    if (!set) continue;
    if (opts.files.length === 0) throw userError('usage', `${flag} cannot be used without providing a score file`);
    if (many) throw userError('usage', `${flag} cannot be used when multiple score files are provided`);
  }
  if (opts.output === '') throw userError('usage', 'no output file specified');
  // Paths are resolved lexically before they reach the file system, and `..` would take a NUL's
  // segment with it: a path holding one (only a program can pass it) is refused as given.
  const paths = [...opts.files, opts.output, opts.envFile, opts.overridesFile];
  const withNul = paths.find((p) => p?.includes('\0'));
  if (withNul !== undefined) throw userError('usage', `'${withNul.replace(/\0/g, '\\0')}' contains a NUL character`);
}

/** Reads an overrides file; `within` when its path comes from our record rather than the command line. */
export function readOverridesFile(projectDir: string, file: string, within?: Confinement): unknown {
  let text: Buffer;
  try {
    text = readRegularFileSync(resolve(projectDir, file), within ? { within } : {});
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

/**
 * Gives every container whose image is `.` an image or a build: `--image`, a `--build` of this
 * run, else what the stored workload had (a build config, or the image an earlier `--image`
 * baked into its spec), so neither flag needs repeating on later runs.
 */
function resolveImages(
  workload: Workload,
  image: string | undefined,
  builds: Record<string, ComposeBuild>,
  stored: WorkloadState | undefined,
  source: ScoreSource,
  logger: Logger,
): void {
  const name = workload.metadata.name;
  for (const [cname, container] of Object.entries(workload.containers).sort(byName)) {
    if (container.image !== '.') continue;
    const storedBuild = stored?.build_configs?.[cname];
    const storedImage = stored?.spec.containers[cname]?.image;
    if (image !== undefined) {
      container.image = image;
      logger.info(`Set container image for workload '${name}' container '${cname}' to ${image} from --image`);
    } else if (builds[cname]) {
      continue;
    } else if (storedBuild !== undefined) {
      builds[cname] = storedBuild;
      logger.info(`Building workload '${name}' container '${cname}' with the build config remembered from --build`);
    } else if (storedImage !== undefined && storedImage !== '.') {
      container.image = storedImage;
      logger.info(`Set container image for workload '${name}' container '${cname}' to ${storedImage} (remembered)`);
    } else {
      throw userError(
        'input',
        `failed to convert '${name}' because container '${cname}' has no image and neither --image nor --build was provided`,
        {
          hint: `pass --image <ref>, or --build ${cname}=<context dir>`,
          location: locateIn(source, ['containers', cname, 'image']),
        },
      );
    }
  }
}

/** One Score file to store this run, read from disk, with the overrides to apply to it. */
interface ScoreInput extends WorkloadInputs {
  file: string;
  raw: Record<string, unknown>;
  parsed: ParsedYaml;
  /** Read from the paths the state records, not the command line: confined to the project. */
  recorded?: boolean;
}

function sourceOf(item: ScoreInput): ScoreSource {
  return { file: item.file, raw: item.raw, locate: item.parsed.locate };
}

async function readInputs(
  projectDir: string,
  files: readonly string[],
  inputs: WorkloadInputs,
  within?: Confinement,
): Promise<ScoreInput[]> {
  const loaded: ScoreInput[] = [];
  for (const file of [...files].sort()) {
    loaded.push({ file, ...(await readWorkloadFile(resolve(projectDir, file), file, within)), ...inputs });
  }
  checkWorkloadFilesMetadata(loaded.map((l) => ({ file: l.file, raw: l.raw })));
  return loaded;
}

/**
 * With no file arguments: the Score files the state records, read again (the files are the
 * truth), each with the overrides it was last generated with. A workload whose file is gone
 * keeps its stored spec; one whose file now names another workload is dropped. A recorded path
 * is read again only inside the project (the state is a file anyone could have edited); one
 * outside it keeps its stored spec too, and is read when given on the command line.
 */
async function rereadStoredFiles(
  projectDir: string,
  state: State,
  remembered: Record<string, WorkloadInputs>,
  logger: Logger,
): Promise<{ inputs: ScoreInput[]; dropped: string[] }> {
  const byFile = recordedScoreFiles(projectDir, state.workloads, logger);
  const inputs: ScoreInput[] = [];
  const dropped: string[] = [];
  for (const file of byFile.keys()) {
    const [read] = await readInputs(projectDir, [file], {}, projectConfinement(projectDir));
    const name = read ? nameIn(read.raw) : undefined;
    if (read === undefined || name === undefined) continue;
    dropped.push(...renamedAway(byFile, file, name, logger));
    inputs.push({ ...read, ...remembered[name], recorded: true });
  }
  if (inputs.length > 0) {
    logger.info(`Reading the Score files the state records: ${inputs.map((i) => i.file).join(', ')}`);
  }
  checkWorkloadFilesMetadata(inputs.map((l) => ({ file: l.file, raw: l.raw })));
  return { inputs, dropped };
}

/**
 * The stored copies of workloads not read from a file this run are checked as a Score file is:
 * the state is a file anyone could have edited, and its specs reach paths and compose.yaml.
 */
function checkStoredWorkloads(state: State, readThisRun: ReadonlySet<string>): void {
  const file = join(STATE_DIR, STATE_FILE);
  for (const [name, stored] of Object.entries(state.workloads)) {
    if (readThisRun.has(name)) continue;
    try {
      checkWorkload(stored.spec, `${file} workloads.${name}.spec`);
    } catch (err) {
      throw userError('state', `the stored copy of workload '${name}' in ${file} is invalid`, {
        details: err instanceof ScoreComposeError ? [err.message, ...err.details] : [String(err)],
        hint: stored.file
          ? `generate it again from its Score file: score-compose generate ${stored.file}`
          : 'restore the state file from a backup, or move it away and run "score-compose init"',
      });
    }
  }
}

/**
 * Reads `files[].source` for conversion: a regular file whose real path is inside its Score
 * file's directory. That directory must itself be inside the project, unless the Score file
 * was named on the command line this run (a path in the state is not the user's word).
 */
function fileSourceReader(projectDir: string, given: readonly string[]): (absPath: string, root: string) => Buffer {
  const trusted = new Set(given.map((file) => dirname(resolve(projectDir, file))));
  const project = realPathOf(projectDir);
  return (absPath, root) => {
    if (!trusted.has(resolve(root)) && !isInside(project, realPathOf(root))) {
      throw new PathRefused(
        'EOUTSIDE',
        absPath,
        "its Score file's directory is outside the project directory; give the Score file on the command line to read it",
      );
    }
    return readRegularFileSync(absPath, { within: { root, rootName: "the Score file's directory" } });
  };
}

/** The workload a Score input becomes: overrides, upgrade and validation, images and builds. */
function storeInput(
  item: ScoreInput,
  opts: GenerateOptions,
  buildFlags: BuildFlag[],
  stored: WorkloadState | undefined,
): WorkloadEntry {
  const { logger } = opts;
  let raw = item.raw;
  if (item.overridesFile !== undefined) {
    logger.info(`Applying overrides from ${item.overridesFile} to workload`);
    // Reading errors already name the flag and file: only merging failures get this prefix.
    const overrides = readOverridesFile(
      opts.projectDir,
      item.overridesFile,
      item.recorded ? projectConfinement(opts.projectDir) : undefined,
    );
    try {
      raw = applyOverridesFile(raw, overrides);
    } catch (err) {
      throw wrapError(err, `--overrides-file '${item.overridesFile}' failed to apply`);
    }
  }
  raw = applyOverrideProperties(raw, item.overrideProperties ?? []);
  const { workload, changes } = checkWorkload(raw, item.file, item.parsed.locate);
  const name = workload.metadata.name;
  for (const change of changes) logger.info(`Applying backwards compatible upgrade to '${name}': ${change}`);
  logger.info(`Validated workload '${name}'`);
  const builds: Record<string, ComposeBuild> = {};
  for (const flag of buildFlags) if ((flag.workload ?? name) === name) builds[flag.container] = flag.build;
  resolveImages(workload, opts.image, builds, stored, sourceOf(item), logger);
  return { workload, file: item.file, buildConfigs: builds };
}

/** A project computed by `generate`, with its files staged but not yet written. */
export interface GeneratedProject extends GenerateResult {
  outputs: PendingOutputs;
}

/**
 * Reads, provisions and converts under the state lock, stages every output, then hands the
 * result to `use`, which applies or commits the outputs (`generate` commits at once; `up`
 * applies the mounted files, starts the stack, and commits only if that worked). When `use`
 * throws, whatever it applied is rolled back: the project's files stay as they were.
 */
export async function withGeneratedProject<T>(
  opts: GenerateOptions,
  use: (g: GeneratedProject) => Promise<T>,
): Promise<T> {
  // Every line this run logs is masked for the secrets it knows of (see secrets/redact.ts).
  const logger = redactingLogger(opts.logger);
  opts = { ...opts, logger };
  checkFlagCombinations(opts);
  const explicit = opts.files.length > 0;
  const given: WorkloadInputs = {
    ...(opts.overridesFile === undefined ? {} : { overridesFile: opts.overridesFile }),
    ...(opts.overrideProperties?.length ? { overrideProperties: opts.overrideProperties } : {}),
  };
  const loaded = explicit ? await readInputs(opts.projectDir, opts.files, given) : [];

  return withStateLock(join(opts.projectDir, STATE_DIR), async () => {
    let state = await loadState(opts.projectDir);
    registerSecrets(collectSecrets({ state, declared: new Map(), services: {} }));
    logger.info(`Loaded state directory with docker compose project '${state.compose_project}'`);
    const removed = checkRemovals(state, opts.removeWorkloads ?? []);
    state = withoutWorkloads(state, removed);
    const remembered = await readWorkloadInputs(opts.projectDir);
    const { inputs, dropped } = explicit
      ? { inputs: loaded, dropped: [] }
      : await rereadStoredFiles(opts.projectDir, state, remembered, logger);
    if (opts.image !== undefined && inputs.length > 1) {
      throw userError('usage', '--image cannot be used when multiple score files are provided');
    }
    const containersOf = Object.fromEntries(
      inputs.map((i) => [
        nameIn(i.raw) ?? i.file,
        Object.keys(isRecord(i.raw['containers']) ? i.raw['containers'] : {}),
      ]),
    );
    const buildFlags = (opts.build ?? []).map((flag) => parseBuildFlag(flag, containersOf));
    const entries = inputs.map((item) => storeInput(item, opts, buildFlags, state.workloads[nameIn(item.raw) ?? '']));
    state = withWorkloads(withoutWorkloads(state, dropped), entries);
    checkStoredWorkloads(state, new Set(entries.map((e) => e.workload.metadata.name)));
    // Provisioning and conversion errors point into the Score files read this run.
    const located = errorLocator(
      new Map(entries.map((e, i) => [e.workload.metadata.name, sourceOf(inputs[i]!)])),
      (name) => state.workloads[name]?.spec,
    );
    const nextInputs = nextWorkloadInputs(remembered, {
      gone: [...dropped, ...removed],
      read: entries.map((e) => e.workload.metadata.name),
      ...(explicit ? { given } : {}),
    });
    if (Object.keys(state.workloads).length === 0 && removed.length > 0) {
      throw userError('usage', `removing ${removed.map((n) => `'${n}'`).join(', ')} would leave no workload`, {
        hint: 'to remove the whole project: score-compose down --volumes, then delete .score-compose/',
      });
    }
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
    const env = opts.env ?? process.env;
    let provisioned: ProvisionResult;
    let assembled: AssembleResult;
    let unused: string[];
    let pruned: string[] = [];
    try {
      state = primeResources(state);
      unused = unusedResources(state);
      if (opts.pruneResources === true) {
        state = withoutResources(state, unused);
        for (const uid of unused) logger.info(`Removed resource '${uid}' from the state: no workload uses it`);
        pruned = unused;
        unused = [];
      } else if (unused.length > 0) {
        logger.info(
          `${unused.length} resource${unused.length === 1 ? '' : 's'} in the state no workload uses any more ` +
            `(${unused.join(', ')}): score-compose resources prune removes them`,
        );
      }
      const context = { projectDir: opts.projectDir, env, logger, ...(opts.signal ? { signal: opts.signal } : {}) };
      provisioned = await provisionResources(state, provisioners, context, logger);
      logger.info(`Provisioned ${provisioned.order.length} resources`);
      assembled = await assembleProject({
        state: provisioned.state,
        provisioned,
        projectDir: opts.projectDir,
        publish: opts.publish ?? [],
        ephemeralPorts: opts.ephemeralPorts ?? ephemeralPortsFromEnv(opts.env ?? process.env),
        publishForHost: opts.publishForHost === true,
        directDependencies: opts.directDependencies === true,
        readFile: fileSourceReader(opts.projectDir, explicit ? inputs.map((i) => i.file) : []),
        logger,
      });
    } catch (err) {
      throw located(err);
    }
    const inline = opts.inlineSecrets ?? inlineSecretsFromEnv(env);
    const secrets = collectSecrets({
      state: provisioned.state,
      declared: provisioned.secretOutputs,
      services: provisioned.services,
    });
    registerSecrets(secrets);
    const { project, variables: secretVariables } = inline
      ? { project: assembled.project, variables: {} }
      : externalizeSecrets(assembled.project, secrets);
    const yaml = stringifyCompose(project);
    const envVariables = [...new Set([...provisioned.environment.values()].flatMap((l) => l.referenced()))].sort();
    const outputs = await prepareOutputs({
      projectDir: opts.projectDir,
      state: provisioned.state,
      output: opts.output ?? 'compose.yaml',
      yaml,
      mountFiles: assembled.mountFiles,
      fileOperations: provisioned.fileOperations,
      envFile: opts.envFile === undefined ? undefined : { path: opts.envFile, variables: envVariables },
      secrets: { values: secrets, variables: secretVariables, inline },
      inputs: nextInputs,
      logger,
    });
    try {
      return await use({
        project,
        yaml,
        state: provisioned.state,
        envVariables,
        secretVariables,
        unusedResources: unused,
        prunedResources: pruned,
        added: provisioned.added,
        outputs,
      });
    } catch (err) {
      await outputs.rollback();
      throw err;
    }
  });
}

/**
 * The library form of `score-compose generate`: reads Score files into the state, provisions
 * resources, converts workloads and writes compose.yaml (and state) only when all of it worked.
 * With no files, the Score files the state records are read again.
 */
export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  return withGeneratedProject(opts, async ({ outputs, ...result }) => {
    await outputs.commit();
    return result;
  });
}
