import type { Command } from '../commander.js';
import { collect, type CommandContext } from '../context.js';

/** `score-compose init`: create or update the state directory. */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .summary('Initialise a new score-compose project with a sample Score file and default provisioners')
    .description(
      'Creates .score-compose/ in the current directory with the state, the default provisioners ' +
        '(zz-default.provisioners.yaml) and, unless --no-sample, a sample score.yaml. Running it again ' +
        'keeps the state and only updates what the flags ask for.',
    )
    .option('-f, --file <path>', 'the Score file to create if it does not exist', './score.yaml')
    .option('-p, --project <name>', 'compose project name (default: the current directory name)')
    .option(
      '--unique-project',
      'a compose project name of its own: the directory name and a random suffix, so CI jobs of the same checkout path run side by side',
    )
    .option('--no-sample', 'do not write a sample Score file')
    .option(
      '--provisioners <uri>',
      'install provisioners from a file, directory, http(s) URL, git-https:// or git-ssh:// path in a repository (?ref= for a branch, tag or commit), oci:// artefact (#file), or - for stdin (repeatable)',
      collect,
    )
    .option(
      '--patch-templates <uri>',
      'store patch templates (Go or Handlebars) for generate, from the same kinds of source (repeatable; replaces the stored list)',
      collect,
    )
    .option('--no-default-provisioners', 'do not write the default provisioners file')
    .option('--no-gitignore', 'do not add .env and .score-compose/ (generated secrets) to .gitignore')
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose init\n  score-compose init --no-sample --project my-app\n  score-compose init --provisioners ./my.provisioners.yaml --patch-templates ./unprivileged.hbs\n',
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
