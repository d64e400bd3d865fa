// The score-k8s command: the same program shell as score-compose (global flags, errors, exit
// codes), with score-k8s's commands. init, resources, provisioners, check-version and completion are
// score-compose's, given the score-k8s tool; generate is its own.
import { registerCheckVersion } from '../commands/check-version.js';
import { registerCompletion } from '../commands/completion.js';
import { registerProvisioners } from '../commands/provisioners.js';
import { registerResources } from '../commands/resources.js';
import { registerVersion } from '../commands/version.js';
import type { ToolCli } from '../program.js';
import { SCORE_K8S } from '../../common/tool.js';
import { registerK8sGenerate } from './generate.js';
import { registerInit } from '../commands/init.js';

export const SCORE_K8S_CLI: ToolCli = {
  name: 'score-k8s',
  description:
    'score-k8s turns Score workload files into Kubernetes manifests, with the provisioners of score-k8s.\nScore: https://docs.score.dev/',
  register(program, ctx) {
    registerInit(program, ctx, SCORE_K8S);
    registerK8sGenerate(program, ctx);
    registerResources(program, ctx, SCORE_K8S);
    registerProvisioners(program, ctx, SCORE_K8S);
    registerCheckVersion(program, SCORE_K8S);
    registerVersion(program, ctx, 'score-k8s');
    // Last: its scripts are made from the commands registered before it.
    registerCompletion(program, ctx);
  },
};
