// score-k8s patch templates (`init --patch-templates`): a template sees the manifests, the
// workloads and the namespace, and lists set/delete operations whose paths start at the list of
// manifests (`0.metadata.labels.x`, `-1` to append one, `3` to delete one). Rendering and applying
// are the compose path's (assemble/patch.ts); only the data and the root differ.
import { runPatchTemplate } from '../assemble/patch.js';
import { isRecord } from '../common/is-record.js';
import { ScoreComposeError } from '../common/errors.js';
import type { Workload } from '../score/types.js';
import type { Manifest } from './manifest.js';

export async function applyManifestPatchTemplate(
  manifests: readonly Manifest[],
  workloads: Record<string, Workload>,
  namespace: string,
  template: string,
  index: number,
): Promise<{ manifests: Manifest[]; logs: string[] }> {
  // Templates get plain copies: nothing they do can reach the caller's objects.
  const data = {
    Manifests: structuredClone([...manifests]),
    Workloads: structuredClone(workloads),
    Namespace: namespace,
  };
  const { root, logs } = await runPatchTemplate(
    template,
    index,
    data,
    (go) => ({ data: go.goManifestPatchData(data.Manifests, data.Workloads, namespace), target: 'k8s' }),
    { manifests: data.Manifests },
    ['manifests'],
  );
  const patched = root['manifests'];
  const bad = Array.isArray(patched) ? patched.findIndex((m) => !isRecord(m)) : -1;
  if (!Array.isArray(patched) || bad >= 0) {
    throw new ScoreComposeError(
      'input',
      `failed to patch template ${index}: the patched output must be a list of manifests (maps)${bad >= 0 ? `; item ${bad} is not` : ''}`,
    );
  }
  return { manifests: patched as Manifest[], logs };
}
