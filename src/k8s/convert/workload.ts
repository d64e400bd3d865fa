// One validated workload → its Kubernetes manifests, as score-k8s makes them: a ConfigMap per
// file, a Service when the workload has ports, and a Deployment (or a StatefulSet with its
// headless Service, by the `k8s.score.dev/kind` annotation). Pure apart from reading file sources.
import * as path from 'node:path';
import { ScoreComposeError } from '../../common/errors.js';
import { fieldError } from '../../convert/convert-error.js';
import { createResolver } from '../../placeholders/resolve.js';
import type { ResourceBindings } from '../../placeholders/types.js';
import type { Workload } from '../../score/types.js';
import {
  ANNOTATION_PREFIX,
  KIND_ANNOTATION,
  LABEL_INSTANCE,
  LABEL_MANAGED_BY,
  LABEL_NAME,
  WORKLOAD_NAME_ANNOTATION,
  type Manifest,
} from '../manifest.js';
import { workloadServiceNameOf } from '../../provisioners/k8s-names.js';
import { convertFile } from './files.js';
import { collapseFileMounts, type Volume, type VolumeMount } from './pod-volumes.js';
import { convertProbe } from './probes.js';
import { convertContainerResources } from './resources.js';
import { convertVariables } from './variables.js';
import { convertVolume } from './volumes.js';

/** Everything converting one workload needs. */
export interface K8sConvertInput {
  workload: Workload;
  /** The Score file path as given, relative to projectDir; file sources are relative to its directory. */
  scoreFile?: string;
  projectDir: string;
  /** Appended to the workload name in the `app.kubernetes.io/instance` label (`-1a2b3c4d5e`). */
  instanceSuffix: string;
  /** The workload's resources by the name it gave them. */
  resources: ResourceBindings;
  /** The outputs of any resource of the project by uid (volume sources name a uid). */
  outputsOf: (uid: string) => Record<string, unknown> | undefined;
  /** Reads a file source confined to `root`, the Score file's directory. */
  readFile: (absPath: string, root: string) => Buffer;
}

const KINDS = ['Deployment', 'StatefulSet'] as const;

function annotation(workload: Workload, key: string): string | undefined {
  const value = workload.metadata.annotations?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Converts one workload; failures are ScoreComposeError('convert') naming the workload and field. */
export function convertWorkloadToManifests(input: K8sConvertInput): Manifest[] {
  try {
    return convert(input);
  } catch (err) {
    if (!(err instanceof ScoreComposeError)) throw err;
    const name = input.workload.metadata.name;
    throw new ScoreComposeError('convert', `failed to convert workload '${name}' to Kubernetes: ${err.message}`, {
      hint: err.hint,
      details: err.details,
      detailHints: err.detailHints,
      cause: err,
    });
  }
}

function convert(input: K8sConvertInput): Manifest[] {
  const { workload } = input;
  const name = workload.metadata.name;
  const kind = annotation(workload, KIND_ANNOTATION) ?? 'Deployment';
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw fieldError(
      `metadata.annotations.${KIND_ANNOTATION}`,
      `unsupported workload kind '${kind}'`,
      `use ${KINDS.join(' or ')}`,
    );
  }
  const resolve = createResolver({
    metadata: workload.metadata as Record<string, unknown>,
    resources: input.resources,
    env: 'immediate',
  });
  const labels = {
    [LABEL_NAME]: name,
    [LABEL_INSTANCE]: name + input.instanceSuffix,
    [LABEL_MANAGED_BY]: 'score-k8s',
  };
  const selector = { [LABEL_INSTANCE]: labels[LABEL_INSTANCE] };
  const topAnnotations = { [WORKLOAD_NAME_ANNOTATION]: name };
  const manifests: Manifest[] = [];
  const podVolumes: Volume[] = [];
  const claimTemplates: Record<string, unknown>[] = [];
  const projected = { next: 0 };
  const containers: Record<string, unknown>[] = [];
  const access = {
    scoreDir: input.scoreFile === undefined ? '.' : path.dirname(input.scoreFile),
    projectDir: input.projectDir,
    readFile: input.readFile,
  };

  for (const cname of Object.keys(workload.containers).sort()) {
    const container = workload.containers[cname]!;
    const field = `containers.${cname}`;
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    for (const target of Object.keys(container.volumes ?? {}).sort()) {
      const vfield = `${field}.volumes[${target}]`;
      const converted = convertVolume(vfield, target, container.volumes![target]!, resolve, input.outputsOf);
      mounts.push(converted.mount);
      if (converted.claimTemplate !== undefined) {
        if (kind !== 'StatefulSet') {
          throw fieldError(
            vfield,
            'volume claims can only be set on stateful sets',
            `annotate the workload with ${KIND_ANNOTATION}: StatefulSet, or give the volume resource a 'source' output`,
          );
        }
        claimTemplates.push(converted.claimTemplate);
      } else if (converted.volume !== undefined) volumes.push(converted.volume);
    }
    const fileCtx = { ...access, prefix: `${name}-${cname}-`, resolve };
    for (const target of Object.keys(container.files ?? {}).sort()) {
      const converted = convertFile(fileCtx, `${field}.files[${target}]`, target, container.files![target]!);
      mounts.push(converted.mount);
      volumes.push(converted.volume);
      if (converted.configMap !== undefined) manifests.push(converted.configMap);
    }
    const collapsed = collapseFileMounts(volumes, mounts, projected);
    addPodVolumes(podVolumes, collapsed.volumes, field);

    const env = convertVariables(field, container.variables, resolve);
    containers.push({
      name: cname,
      image: container.image,
      ...(container.command?.length ? { command: [...container.command] } : {}),
      ...(container.args?.length ? { args: [...container.args] } : {}),
      ...(env.length > 0 ? { env } : {}),
      resources: convertContainerResources(`${field}.resources`, container.resources),
      ...(collapsed.mounts.length > 0 ? { volumeMounts: collapsed.mounts } : {}),
      ...(container.livenessProbe
        ? { livenessProbe: convertProbe(`${field}.livenessProbe`, container.livenessProbe) }
        : {}),
      ...(container.readinessProbe
        ? { readinessProbe: convertProbe(`${field}.readinessProbe`, container.readinessProbe) }
        : {}),
    });
  }

  const ports = Object.entries(workload.service?.ports ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (ports.length > 0) {
    manifests.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: workloadServiceNameOf(name, workload.metadata), annotations: topAnnotations, labels },
      spec: {
        selector,
        ports: ports.map(([portName, port]) => ({
          name: portName,
          port: port.port,
          targetPort: port.targetPort !== undefined && port.targetPort > 0 ? port.targetPort : port.port,
          protocol: port.protocol ? port.protocol.toUpperCase() : 'TCP',
        })),
      },
      status: { loadBalancer: {} },
    });
  }

  const template = {
    metadata: { labels, annotations: podAnnotations(workload) },
    spec: { containers, ...(podVolumes.length > 0 ? { volumes: podVolumes } : {}) },
  };
  const metadata = { name, annotations: topAnnotations, labels };
  if (kind === 'Deployment') {
    manifests.push({
      apiVersion: 'apps/v1',
      kind,
      metadata,
      spec: { selector: { matchLabels: selector }, strategy: {}, template },
      status: {},
    });
  } else {
    // A StatefulSet needs a headless Service to give its pods stable names.
    const headless = `${name}-headless-svc`;
    manifests.push(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: headless, annotations: topAnnotations, labels },
        spec: { selector, clusterIP: 'None', ports: [{ name: 'default', port: 99, targetPort: 99 }] },
        status: { loadBalancer: {} },
      },
      {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: {
          selector: { matchLabels: selector },
          serviceName: headless,
          template,
          updateStrategy: {},
          ...(claimTemplates.length > 0
            ? { volumeClaimTemplates: claimTemplates.map((c) => ({ ...c, status: {} })) }
            : {}),
        },
        status: { availableReplicas: 0, replicas: 0 },
      },
    );
  }
  return manifests;
}

/** The workload's annotations on its pods, except score-k8s's own, plus the workload name. */
function podAnnotations(workload: Workload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(workload.metadata.annotations ?? {})) {
    if (typeof value === 'string' && !key.startsWith(ANNOTATION_PREFIX)) out[key] = value;
  }
  out[WORKLOAD_NAME_ANNOTATION] = workload.metadata.name;
  return out;
}

/**
 * Adds one container's volumes to the pod's. Two containers mounting the same resource at the
 * same target make the same volume (kept once); the same name for different volumes would make
 * a pod Kubernetes rejects, so it is refused here.
 */
function addPodVolumes(pod: Volume[], add: Volume[], field: string): void {
  for (const volume of add) {
    const existing = pod.find((v) => v.name === volume.name);
    if (existing === undefined) pod.push(volume);
    else if (JSON.stringify(existing) !== JSON.stringify(volume)) {
      throw fieldError(
        field,
        `volume '${volume.name}' is mounted by another container with a different source`,
        'mount different resources at different paths, or the same resource at the same path',
      );
    }
  }
}
