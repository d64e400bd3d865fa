import type { Command } from '../commander.js';
import { collect, type CommandContext } from '../context.js';

/** The flags `generate` and `up` share. */
export interface GenerateFlags {
  output: string;
  envFile?: string;
  overridesFile?: string;
  overrideProperty?: string[];
  image?: string;
  build?: string[];
  publish?: string[];
  ephemeralPorts?: boolean;
  inlineSecrets?: boolean;
}

/** Adds the generate flags to a command (`up` regenerates with the same flags). */
export function addGenerateOptions(command: Command): Command {
  return command
    .option('-o, --output <path>', 'output file, - for stdout', 'compose.yaml')
    .option(
      '--env-file <path>',
      'write a skeleton .env file listing the variables referenced through environment resources',
    )
    .option('--overrides-file <path>', 'YAML deep-merged into the Score file before validation (one Score file only)')
    .option(
      '--override-property <path=value>',
      'set a property (value parsed as YAML), or delete it with path= (repeatable; one Score file only)',
      collect,
    )
    .option('-i, --image <ref>', "image for every container whose image is '.'")
    .option(
      '--build <container=context>',
      'build a container from a context dir, or a JSON/YAML compose build object (repeatable)',
      collect,
    )
    .option(
      '-p, --publish <host:ref:container>',
      'publish a port on the host: HOST_PORT:<workload or RES_UID.OUTPUT>:CONTAINER_PORT; HOST_PORT 0 lets the engine pick one (repeatable; not stored, repeat on every run)',
      collect,
    )
    .option(
      '--ephemeral-ports',
      'leave every published host port to the engine (the router, publish-port annotations, --publish), so copies of the stack run side by side; also SCORE_COMPOSE_EPHEMERAL_PORTS=1. Find the ports with ps or port',
    )
    .option(
      '--inline-secrets',
      'write generated passwords and keys into the compose file as they are (a self-contained file, as score-compose does), instead of as ${VAR} references to the owner-only .env beside it; also SCORE_COMPOSE_INLINE_SECRETS=1. Not stored',
    );
}

/** Turns parsed flags into library options. */
export function generateOptionsFrom(files: string[], o: GenerateFlags, ctx: CommandContext) {
  return {
    projectDir: ctx.io.cwd,
    files,
    output: o.output === '-' ? '-' : o.output,
    overrideProperties: o.overrideProperty ?? [],
    build: o.build ?? [],
    publish: o.publish ?? [],
    env: ctx.io.env,
    logger: ctx.logger(),
    ...(o.envFile === undefined ? {} : { envFile: o.envFile }),
    ...(o.overridesFile === undefined ? {} : { overridesFile: o.overridesFile }),
    ...(o.image === undefined ? {} : { image: o.image }),
    ...(o.ephemeralPorts === true ? { ephemeralPorts: true } : {}),
    ...(o.inlineSecrets === true ? { inlineSecrets: true } : {}),
    ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
  };
}

/** `score-compose generate [files...]`. */
export function registerGenerate(program: Command, ctx: CommandContext): void {
  const command = program
    .command('generate')
    .argument('[files...]', 'Score files; with none, regenerate every workload stored in the state')
    .summary('Convert Score files into a Docker Compose project')
    .description(
      'Reads the Score files, stores their workloads in .score-compose/state.yaml (workloads accumulate ' +
        'across runs), provisions their resources and writes the compose file. With no files, the stored ' +
        'workloads are regenerated. Nothing is written unless every step succeeds.',
    );
  addGenerateOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose generate score.yaml\n  score-compose generate a.yaml b.yaml -o -\n  score-compose generate score.yaml --image my-app:dev --publish 8080:my-app:3000\n  score-compose generate score.yaml --publish 0:my-app:3000   # the engine picks the host port\n  score-compose generate score.yaml --override-property containers.web.variables.DEBUG=\'"true"\'\n',
    )
    .action(async (files: string[], o: GenerateFlags) => {
      // Imported here so that commands which do not generate never load the pipeline.
      const { generate } = await import('../../api/generate.js');
      const result = await generate(generateOptionsFrom(files, o, ctx));
      if (o.output === '-') ctx.io.stdout.write(result.yaml);
    });
}
