// The two tools this package is: score-compose (Docker Compose) and score-k8s (Kubernetes
// manifests). They share the Score reader, state, placeholders and provisioner engine; what
// differs is named here (state directory, state layout, provisioner target, name in messages).

export interface Tool {
  /** The command name, as messages and hints spell it. */
  name: 'score-compose' | 'score-k8s';
  /** The state directory, relative to the project directory. */
  stateDir: '.score-compose' | '.score-k8s';
  /** Whose provisioners and state layout (see provisioners/types.ts ProvisionerTarget). */
  target: 'compose' | 'k8s';
}

export const SCORE_COMPOSE: Tool = { name: 'score-compose', stateDir: '.score-compose', target: 'compose' };
export const SCORE_K8S: Tool = { name: 'score-k8s', stateDir: '.score-k8s', target: 'k8s' };
