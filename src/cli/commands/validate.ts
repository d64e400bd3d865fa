import { type Command, Option } from '../commander.js';
import type { CommandContext } from '../context.js';
import { collect } from '../context.js';
import { QuietExit } from '../quiet-exit.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** `score-compose validate [files...]`: generate's checks, nothing written; exit 1 on problems. */
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .argument('[files...]', 'the Score files to check', ['score.yaml'])
    .summary('Check Score files as generate would, without writing anything')
    .description(
      'Checks Score files without a state directory and without writing anything: YAML, schema and semantic ' +
        "checks per file, then resource types against the provisioners, placeholders against the resources' " +
        'outputs and references across the files, with the messages generate gives. Uses the default ' +
        "provisioners (or --provisioners) and those in the project's .score-compose/ when it has one. " +
        'Exits 0 when clean, 1 when it found problems.',
    )
    .addOption(new Option('-f, --format <format>', 'text, json, sarif or github').choices(FORMATS).default('text'))
    .option(
      '--provisioners <uri>',
      'also use the provisioners in this file, directory or URL as init takes them, or - for stdin (repeatable)',
      collect,
    )
    .option('--no-default-provisioners', 'do not use the default provisioners')
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose validate score.yaml admin/score.yaml\n' +
        '  score-compose validate --format github services/*/score.yaml   # annotations in a GitHub Actions job\n',
    )
    .action(async (files: string[], o: { format: Format; provisioners?: string[]; defaultProvisioners: boolean }) => {
      const { validate } = await import('../../api/validate.js');
      const problems = await validate({
        projectDir: ctx.io.cwd,
        files,
        ...(o.provisioners === undefined ? {} : { provisioners: o.provisioners }),
        noDefaultProvisioners: !o.defaultProvisioners,
        ...(ctx.io.stdin ? { stdin: ctx.io.stdin } : {}),
        env: ctx.io.env,
      });
      const { formatProblems } = await import('../problem-formats.js');
      ctx.io.stdout.write(formatProblems(problems, o.format, files));
      if (problems.length > 0) throw new QuietExit(1);
    });
}
