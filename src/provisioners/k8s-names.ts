// The two facts of score-k8s that provisioning needs: where its state directory is (for
// messages), and the name of a workload's Service (which `.WorkloadServices` gives templates).

export const K8S_STATE_DIR = '.score-k8s';

/** `k8s.score.dev/service-name` when the workload sets it, else the workload name. */
export function workloadServiceNameOf(name: string, metadata: Record<string, unknown>): string {
  const annotations = metadata['annotations'];
  const value =
    typeof annotations === 'object' && annotations !== null
      ? (annotations as Record<string, unknown>)['k8s.score.dev/service-name']
      : undefined;
  return typeof value === 'string' ? value : name;
}
