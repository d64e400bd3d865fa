// The library form of `score-k8s generate`: the same stages as `generate` (read and check the Score
// files, store them in the state, prime and provision resources with score-k8s provisioners), then
// Kubernetes manifests instead of a compose file: each resource's manifests, then each workload's
// (k8s/convert), with the namespace applied. Nothing is written unless all of it worked.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { userError, wrapError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { SCORE_K8S } from '../common/tool.js';
import { FileTransaction, type FileChange } from '../fs/transaction.js';
import { encodeState } from '../state/encode.js';
import { readRegularFileSync } from '../fs/confine.js';
import { convertWorkloadToManifests } from '../k8s/convert/workload.js';
import type { Manifest } from '../k8s/manifest.js';
import { LABEL_MANAGED_BY } from '../k8s/manifest.js';
import { findSecretRef } from '../k8s/secret-refs.js';
import { applyManifestPatchTemplate } from '../k8s/patch.js';
import { stringifyManifests } from '../k8s/write.js';
import { loadProvisioners } from '../provisioners/load.js';
import { bindingsFor, provisionResources } from '../provisioners/provision.js';
import { applyOverrideProperties, applyOverridesFile } from '../score/overrides.js';
import { checkWorkload, checkWorkloadFilesMetadata, readWorkloadFile } from '../score/read.js';
import type { Workload } from '../score/types.js';
import { withStateLock } from '../state/lock.js';
import { loadState, STATE_FILE } from '../state/store.js';
import { primeResources, withoutWorkloads, withWorkloads, type WorkloadEntry } from '../state/transitions.js';
import type { State } from '../state/types.js';
import { readOverridesFile } from './generate.js';
import { nameIn, recordedScoreFiles, renamedAway } from './recorded-files.js';
import {
  nextWorkloadInputs,
  readWorkloadInputs,
  workloadInputsChange,
  type WorkloadInputs,
} from './workload-inputs.js';
import { INPUTS_FILE } from './write-outputs.js';
import { errorLocator, locateIn, type ScoreSource } from './score-locations.js';

/** Options of `score-k8s generate`, as flags give them. */
export interface K8sGenerateOptions {
  /** Directory holding `.score-k8s/`; relative paths are resolved against it. */
  projectDir: string;
  files: string[];
  /** Output path, `-` for none (the caller prints the YAML). Default `manifests.yaml`. */
  output?: string;
  /** Set on every manifest, and given to provisioners as `.Namespace`. */
  namespace?: string;
  /** Also write the Namespace object first (needs `namespace`). */
  generateNamespace?: boolean;
  image?: string;
  overridesFile?: string;
  overrideProperties?: string[];
  env?: Record<string, string | undefined>;
  logger: Logger;
  signal?: AbortSignal;
}

export interface K8sGenerateResult {
  manifests: Manifest[];
  yaml: string;
  state: State;
}

function checkFlags(opts: K8sGenerateOptions): void {
  if (opts.generateNamespace === true && !opts.namespace) {
    throw userError('usage', '--namespace flag is required when using --generate-namespace');
  }
  const single = [
    ['--overrides-file', opts.overridesFile !== undefined],
    ['--override-property', (opts.overrideProperties ?? []).length > 0],
    ['--image', opts.image !== undefined],
  ] as const;
  for (const [flag, set] of single) {
    if (set && opts.files.length !== 1) {
      throw userError('usage', `cannot use ${flag} when 0 or more than 1 score files are provided`);
    }
  }
  if (opts.output === '') throw userError('usage', 'no output file specified');
}

/** Gives a container with image `.` the `--image`, or the image a previous `--image` stored. */
function resolveImages(
  workload: Workload,
  image: string | undefined,
  stored: Workload | undefined,
  source: ScoreSource,
) {
  for (const [name, container] of Object.entries(workload.containers)) {
    if (container.image !== '.') continue;
    const before = stored?.containers[name]?.image;
    if (image !== undefined) container.image = image;
    else if (before !== undefined && before !== '.') container.image = before;
    else {
      throw userError(
        'input',
        `failed to convert '${source.file}' because container '${name}' has no image and --image was not provided`,
        { hint: 'pass --image <ref>', location: locateIn(source, ['containers', name, 'image']) },
      );
    }
  }
}

/** `apiVersion/kind/namespace/name`: two manifests with the same signature are the same object. */
function signature(m: Manifest): string {
  const meta = (m['metadata'] ?? {}) as Record<string, unknown>;
  return [m['apiVersion'], m['kind'], meta['namespace'], meta['name']]
    .map((v) => (typeof v === 'string' ? v : ''))
    .join('/');
}

/**
 * Adds a manifest; one the same object as an earlier one replaces it (resources sharing an id
 * make the same objects). A secret reference left in it is an error: it would reach the cluster as text.
 */
function addManifest(out: Manifest[], manifest: Manifest, from: string, logger: Logger): void {
  const left = findSecretRef(manifest);
  if (left !== undefined) {
    throw userError('convert', `unresolved secret ref in manifest of ${from}: ${left}`, {
      hint: 'a secret output can be used in a container variable or as a whole file, where it becomes a secretKeyRef',
    });
  }
  const sig = signature(manifest);
  const at = out.findIndex((m) => signature(m) === sig);
  if (at >= 0) {
    logger.debug(`Overriding duplicate manifest ${sig}`);
    out.splice(at, 1);
  }
  out.push(manifest);
}

function withNamespace(manifests: Manifest[], namespace: string | undefined, generate: boolean): Manifest[] {
  if (!namespace) return manifests;
  const placed = manifests.map((m) =>
    m['kind'] === 'Namespace' ? m : { ...m, metadata: { ...(m['metadata'] as object), namespace } },
  );
  if (!generate) return placed;
  const ns = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { [LABEL_MANAGED_BY]: 'score-k8s' } },
  };
  return [ns, ...placed];
}

type Loaded = ScoreSource & { parsed: Awaited<ReturnType<typeof readWorkloadFile>>['parsed'] };

/** Reads, provisions and converts under the state lock; writes the manifests and the state when all worked. */
export async function generateManifests(opts: K8sGenerateOptions): Promise<K8sGenerateResult> {
  const { logger, projectDir } = opts;
  checkFlags(opts);
  const read = async (files: readonly string[]) => {
    const out: Loaded[] = [];
    for (const file of [...files].sort()) {
      const { raw, parsed } = await readWorkloadFile(resolve(projectDir, file), file);
      out.push({ file, raw, locate: parsed.locate, parsed });
    }
    return out;
  };
  const explicit = opts.files.length > 0;
  const given: WorkloadInputs = {
    ...(opts.overridesFile === undefined ? {} : { overridesFile: opts.overridesFile }),
    ...(opts.overrideProperties?.length ? { overrideProperties: opts.overrideProperties } : {}),
  };
  let loaded = await read(opts.files);
  checkWorkloadFilesMetadata(loaded);
  const stateDir = join(projectDir, SCORE_K8S.stateDir);
  return withStateLock(
    stateDir,
    async () => {
      let state = await loadState(projectDir, SCORE_K8S);
      const remembered = await readWorkloadInputs(projectDir, SCORE_K8S);
      let dropped: string[] = [];
      if (!explicit) {
        // As score-compose does: the Score files the state records are read again, each with the
        // overrides it was last generated with (workload-inputs.yaml, beside the state).
        const recorded = recordedScoreFiles(projectDir, state.workloads, logger);
        loaded = await read([...recorded.keys()]);
        if (loaded.length > 0)
          logger.info(`Reading the Score files the state records: ${loaded.map((l) => l.file).join(', ')}`);
        checkWorkloadFilesMetadata(loaded);
        dropped = loaded.flatMap((l) => renamedAway(recorded, l.file, nameIn(l.raw), logger));
        state = withoutWorkloads(state, dropped);
      }
      const entries: WorkloadEntry[] = loaded.map((item) => {
        let raw = item.raw;
        // The overrides given now, or (a file read again) those it was last generated with.
        const overrides = explicit ? given : (remembered[nameIn(item.raw) ?? ''] ?? {});
        if (overrides.overridesFile !== undefined) {
          logger.info(`Applying overrides from ${overrides.overridesFile} to workload`);
          try {
            raw = applyOverridesFile(raw, readOverridesFile(projectDir, overrides.overridesFile));
          } catch (err) {
            throw wrapError(err, `--overrides-file '${overrides.overridesFile}' failed to apply`);
          }
        }
        raw = applyOverrideProperties(raw, overrides.overrideProperties ?? []);
        const { workload, changes } = checkWorkload(raw, item.file, item.locate);
        for (const change of changes) logger.info(`Applying backwards compatible upgrade ${change}`);
        resolveImages(workload, opts.image, state.workloads[workload.metadata.name]?.spec, item);
        logger.info(`Added score file to project: ${item.file}`);
        return { workload, file: item.file };
      });
      const nextInputs = nextWorkloadInputs(remembered, {
        gone: dropped,
        read: entries.map((e) => e.workload.metadata.name),
        ...(explicit ? { given } : {}),
      });
      const suffixes = new Map(Object.entries(state.workloads).map(([n, w]) => [n, w.instance_suffix]));
      state = withWorkloads(state, entries);
      for (const [name, w] of Object.entries(state.workloads)) {
        // The suffix is made once per workload and kept: it names the pods' instance label.
        w.instance_suffix = suffixes.get(name) ?? `-${randomBytes(5).toString('hex')}`;
      }
      if (Object.keys(state.workloads).length === 0) {
        throw userError('input', 'Project is empty, please add a score file', {
          hint: 'run "score-k8s generate score.yaml"',
        });
      }
      const located = errorLocator(
        new Map(entries.map((e, i) => [e.workload.metadata.name, loaded[i]!])),
        (name) => state.workloads[name]?.spec,
      );
      const provisioners = await loadProvisioners(stateDir, 'k8s').catch((err: unknown) => {
        throw wrapError(err, 'failed to load provisioners');
      });
      logger.info(`Loaded ${provisioners.length} provisioners`);
      const manifests: Manifest[] = [];
      try {
        state = primeResources(state);
        const context = {
          projectDir,
          env: opts.env ?? process.env,
          logger,
          target: 'k8s' as const,
          namespace: opts.namespace ?? '',
          ...(opts.signal ? { signal: opts.signal } : {}),
        };
        const provisioned = await provisionResources(state, provisioners, context, logger);
        state = provisioned.state;
        for (const uid of [...provisioned.manifests.keys()].sort()) {
          for (const m of provisioned.manifests.get(uid)!) addManifest(manifests, m, `resource '${uid}'`, logger);
        }
        for (const name of Object.keys(state.workloads).sort()) {
          const stored = state.workloads[name]!;
          const root = (dir: string) => ({ root: dir, rootName: "the Score file's directory" });
          const converted = convertWorkloadToManifests({
            workload: stored.spec,
            ...(stored.file === undefined ? {} : { scoreFile: stored.file }),
            projectDir,
            instanceSuffix: stored.instance_suffix ?? '',
            resources: bindingsFor(state, name, provisioned.environment),
            outputsOf: (uid) => state.resources[uid]?.outputs,
            readFile: (abs, dir) => readRegularFileSync(abs, { within: root(dir) }),
          });
          for (const m of converted) addManifest(manifests, m, `workload '${name}'`, logger);
          logger.info(`Converted workload '${name}' into ${converted.length} manifests`);
        }
      } catch (err) {
        throw located(err);
      }
      let result = withNamespace(manifests, opts.namespace, opts.generateNamespace === true);
      const specs = Object.fromEntries(Object.entries(state.workloads).map(([name, w]) => [name, w.spec]));
      for (const [i, template] of state.patching_templates.entries()) {
        logger.info(`Applying patching template ${i + 1}`);
        const patched = await applyManifestPatchTemplate(result, specs, opts.namespace ?? '', template, i + 1);
        for (const line of patched.logs) logger.info(line);
        result = patched.manifests;
      }
      const yaml = stringifyManifests(result);
      const output = opts.output ?? 'manifests.yaml';
      // The manifests and the state are written as one transaction: a run killed half-way is rolled
      // back (or finished) by the next holder of the lock, so the two never disagree.
      const changes: FileChange[] = [
        {
          kind: 'put',
          path: join(stateDir, STATE_FILE),
          data: encodeState(state, SCORE_K8S),
          mode: 0o600,
          what: 'state file',
        },
      ];
      changes.push(workloadInputsChange(join(stateDir, INPUTS_FILE), nextInputs));
      if (output !== '-') {
        // Secrets carry the generated passwords (base64 is no protection): owner-only then.
        const mode = result.some((m) => m['kind'] === 'Secret') ? 0o600 : 0o644;
        changes.push({
          kind: 'put',
          path: resolve(projectDir, output),
          data: yaml,
          mode,
          what: 'output file',
          anywhere: true,
        });
      }
      await (await FileTransaction.prepare(stateDir, changes)).commit();
      if (output !== '-') logger.info(`Wrote manifests to '${output}'`);
      return { manifests: result, yaml, state };
    },
    { tool: SCORE_K8S },
  );
}
