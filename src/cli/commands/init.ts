import type { Command } from '../commander.js';
import { collect, type CommandContext } from '../context.js';
import { SCORE_COMPOSE, type Tool } from '../../common/tool.js';

/**
 * `score-compose init` / `score-k8s init`: create or update the tool's state directory. The
 * compose project name flags are score-compose's only.
 */
export function registerInit(program: Command, ctx: CommandContext, tool: Tool = SCORE_COMPOSE): void {
  const compose = tool.target === 'compose';
  const command = program
    .command('init')
    .summary(`Initialise a new ${tool.name} project with a sample Score file and default provisioners`)
    .description(
      `Creates ${tool.stateDir}/ in the current directory with the state, the default provisioners ` +
        `(zz-default.provisioners.yaml${compose ? '' : ', for a cluster'}) and, unless --no-sample, a sample ` +
        'score.yaml. Running it again keeps the state and only updates what the flags ask for.',
    )
    .option('-f, --file <path>', 'the Score file to create if it does not exist', './score.yaml');
  if (compose) {
    command
      .option('-p, --project <name>', 'compose project name (default: the current directory name)')
      .option(
        '--unique-project',
        'a compose project name of its own: the directory name and a random suffix, so CI jobs of the same checkout path run side by side',
      );
  }
  command
    .option('--no-sample', 'do not write a sample Score file')
    .option(
      '--provisioners <uri>',
      `install ${compose ? '' : 'score-k8s '}provisioners from a file, directory, http(s) URL, git-https:// or git-ssh:// path in a repository (?ref= for a branch, tag or commit), oci:// artefact (#file), or - for stdin (repeatable)`,
      collect,
    )
    .option(
      '--patch-templates <uri>',
      'store patch templates (Go or Handlebars) for generate, from the same kinds of source (repeatable; replaces the stored list)',
      collect,
    )
    .option('--no-default-provisioners', 'do not write the default provisioners file')
    .option(
      '--no-gitignore',
      compose
        ? 'do not add .env and .score-compose/ (generated secrets) to .gitignore'
        : `do not add ${tool.stateDir}/ (state with generated secrets) to .gitignore`,
    )
    .addHelpText(
      'after',
      compose
        ? '\nExamples:\n  score-compose init\n  score-compose init --no-sample --project my-app\n  score-compose init --provisioners ./my.provisioners.yaml --patch-templates ./unprivileged.hbs\n'
        : `\nExamples:\n  ${tool.name} init\n  ${tool.name} init --no-sample --provisioners ./my.provisioners.yaml\n`,
    )
    .action(
      async (o: {
        file: string;
        project?: string;
        uniqueProject?: boolean;
        sample: boolean;
        provisioners?: string[];
        patchTemplates?: string[];
        defaultProvisioners: boolean;
        gitignore: boolean;
      }) => {
        const { init } = await import('../../api/init.js');
        await init({
          tool,
          projectDir: ctx.io.cwd,
          file: o.file,
          ...(o.project === undefined ? {} : { project: o.project }),
          ...(o.uniqueProject === true ? { uniqueProject: true } : {}),
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
