// Container volumes → pod volumes: the source names a resource (`${resources.data}`), whose outputs
// say what to mount: `source` (a Kubernetes volume source: emptyDir, persistentVolumeClaim, ...)
// or `claimSpec` (a PersistentVolumeClaim spec, made per pod by a StatefulSet).
import { fieldError, rethrowAt } from '../../convert/convert-error.js';
import { substituteString } from '../../placeholders/substitute.js';
import type { Resolver } from '../../placeholders/types.js';
import type { ContainerVolume } from '../../score/types.js';
import { isRecord } from '../../common/is-record.js';
import { targetDigest } from './files.js';
import { claimSpecProblem, volumeSourceProblem } from './volume-fields.js';
import type { Volume, VolumeMount } from './pod-volumes.js';

export interface ConvertedVolume {
  mount: VolumeMount;
  volume?: Volume;
  claimTemplate?: Record<string, unknown>;
}

export function convertVolume(
  field: string,
  target: string,
  volume: ContainerVolume,
  resolve: Resolver,
  outputsOf: (uid: string) => Record<string, unknown> | undefined,
): ConvertedVolume {
  const name = `vol-${targetDigest(target)}`;
  const mount: VolumeMount = {
    name,
    mountPath: target,
    ...(volume.path ? { subPath: volume.path } : {}),
    ...(volume.readOnly === true ? { readOnly: true } : {}),
  };
  let uid: string;
  try {
    uid = substituteString(volume.source, resolve, 'unescape');
  } catch (err) {
    return rethrowAt(field, err, 'source: ', { at: 'source' });
  }
  const outputs = outputsOf(uid);
  if (outputs === undefined) {
    throw fieldError(
      field,
      `source: resource '${uid}' does not exist`,
      'a volume source names a resource of the workload: ${resources.<name>}',
      'source',
    );
  }
  const unknown = Object.keys(outputs).filter((k) => k !== 'source' && k !== 'claimSpec');
  const problem = (text: string) =>
    fieldError(field, `failed to convert resource '${uid}' outputs into a Kubernetes volume: ${text}`);
  if (unknown.length > 0) throw problem(`unknown output${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const { source, claimSpec } = outputs;
  if ((source === undefined) === (claimSpec === undefined)) throw problem("either 'source' or 'claimSpec' required");
  if (claimSpec !== undefined) {
    if (!isRecord(claimSpec) || Object.keys(claimSpec).length === 0) throw problem('claimSpec is empty');
    const wrong = claimSpecProblem(claimSpec);
    if (wrong !== undefined) throw problem(`claimSpec: ${wrong}`);
    return { mount, claimTemplate: { metadata: { name }, spec: claimSpec } };
  }
  if (!isRecord(source) || Object.keys(source).length === 0) throw problem('source is empty');
  const wrong = volumeSourceProblem(source);
  if (wrong !== undefined) throw problem(`source: ${wrong}`);
  return { mount, volume: { ...source, name } };
}
