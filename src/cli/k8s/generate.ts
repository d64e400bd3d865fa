import type { Command } from '../commander.js';
import { collect, type CommandContext } from '../context.js';

/** `score-k8s generate`: Score files → Kubernetes manifests. */
export function registerK8sGenerate(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .argument('[files...]', 'Score files to add to the project (none: the stored workloads again)')
    .summary('Convert one or more Score files into a set of Kubernetes manifests')
    .description(
      'Adds the Score files to the project state, provisions their resources with the score-k8s provisioners ' +
        'in .score-k8s/, and writes every resource manifest and workload manifest (Deployment or StatefulSet, ' +
        'Service, ConfigMaps) to one file. "score-k8s init" must be run first.',
    )
    .option('-o, --output <file>', 'the manifests file to write, or - for stdout', 'manifests.yaml')
    .option('-n, --namespace <name>', 'set this namespace on every manifest (provisioners see it as .Namespace)')
    .option('--generate-namespace', 'also write the Namespace manifest (requires --namespace)')
    .option('-i, --image <ref>', 'image for containers with image "." (one Score file only)')
    .option('--overrides-file <file>', 'a file of Score overrides to merge in (one Score file only)')
    .option('--override-property <path=value>', 'set (or with no value, remove) a Score property (repeatable)', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  score-k8s generate score.yaml\n  score-k8s generate score.yaml --image=nginx:latest\n' +
        '  score-k8s generate *.score.yaml --namespace=test-ns --generate-namespace\n  score-k8s generate -o - | kubectl apply -f -\n',
    )
    .action(
      async (
        files: string[],
        o: {
          output: string;
          namespace?: string;
          generateNamespace?: boolean;
          image?: string;
          overridesFile?: string;
          overrideProperty?: string[];
        },
      ) => {
        const { generateManifests } = await import('../../api/k8s-generate.js');
        const result = await generateManifests({
          projectDir: ctx.io.cwd,
          files,
          output: o.output,
          ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
          ...(o.generateNamespace === true ? { generateNamespace: true } : {}),
          ...(o.image === undefined ? {} : { image: o.image }),
          ...(o.overridesFile === undefined ? {} : { overridesFile: o.overridesFile }),
          overrideProperties: o.overrideProperty ?? [],
          env: ctx.io.env,
          logger: ctx.logger(),
          ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
        });
        if (o.output === '-') ctx.io.stdout.write(result.yaml);
      },
    );
}
