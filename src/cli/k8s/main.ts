import { main } from '../main.js';
import { SCORE_K8S_CLI } from './program.js';

/** Entry point for bin/score-k8s.js. */
export function k8sMain(argv: string[]): Promise<number> {
  return main(argv, SCORE_K8S_CLI);
}
