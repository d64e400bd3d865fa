import type { Command } from '../commander.js';
import { collect, type CommandContext } from '../context.js';
import { SCORE_K8S } from '../../common/tool.js';

/** `score-k8s init`: create or update `.score-k8s/`. */
export function registerK8sInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .summary('Initialise a new score-k8s project with a sample Score file and default provisioners')
    .description(
      'Creates .score-k8s/ in the current directory with the state, the default provisioners ' +
        '(zz-default.provisioners.yaml, for a cluster) and, unless --no-sample, a sample score.yaml. Running it ' +
        'again keeps the state and only updates what the flags ask for.',
    )
    .option('-f, --file <path>', 'the Score file to create if it does not exist', './score.yaml')
    .option('--no-sample', 'do not write a sample Score file')
    .option(
      '--provisioners <uri>',
      'install score-k8s provisioners from a file, directory, http(s) URL, git-https:// or git-ssh:// path, oci:// artefact, or - for stdin (repeatable)',
      collect,
    )
    .option(
      '--patch-templates <uri>',
      'store patch templates for generate (repeatable; replaces the stored list)',
      collect,
    )
    .option('--no-default-provisioners', 'do not write the default provisioners file')
    .option('--no-gitignore', 'do not add .score-k8s/ (state with generated secrets) to .gitignore')
    .addHelpText(
      'after',
      '\nExamples:\n  score-k8s init\n  score-k8s init --no-sample --provisioners ./my.provisioners.yaml\n',
    )
    .action(
      async (o: {
        file: string;
        sample: boolean;
        provisioners?: string[];
        patchTemplates?: string[];
        defaultProvisioners: boolean;
        gitignore: boolean;
      }) => {
        const { init } = await import('../../api/init.js');
        await init({
          tool: SCORE_K8S,
          projectDir: ctx.io.cwd,
          file: o.file,
          noSample: !o.sample,
          provisioners: o.provisioners ?? [],
          patchTemplates: o.patchTemplates ?? [],
          noDefaultProvisioners: !o.defaultProvisioners,
          ...(o.gitignore ? {} : { noGitignore: true }),
          ...(ctx.io.stdin ? { stdin: ctx.io.stdin } : {}),
          env: ctx.io.env,
          logger: ctx.logger(),
        });
      },
    );
}
