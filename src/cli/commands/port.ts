import type { Command } from '../commander.js';
import { userError } from '../../common/errors.js';
import type { CommandContext } from '../context.js';
import { PROJECT_NAME_HELP } from '../flags.js';

type PortFlags = { protocol: string; index: string; projectName?: string };

function portNumber(text: string, what: string, min: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > 65535) throw userError('usage', `invalid ${what} '${text}'`);
  return n;
}

/** `score-compose port`: the host address of a service's published port, as `docker compose port` prints it. */
export function registerPort(program: Command, ctx: CommandContext): void {
  program
    .command('port')
    .argument('<service>', 'compose service name (<workload>-<container>, or a resource service)')
    .argument('<private_port>', 'the port inside the container')
    .summary('Print the host address a service port is published on')
    .description(
      'Prints <host ip>:<host port> for a running container, e.g. 0.0.0.0:32768: the way to find a port the engine picked (--publish 0:..., --ephemeral-ports).',
    )
    .option('--protocol <protocol>', 'tcp or udp', 'tcp')
    .option('--index <n>', 'which container of the service, from 1', '1')
    .option('--project-name <name>', PROJECT_NAME_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  score-compose port web-main 8080\n  curl http://$(score-compose port routing-xyz 80)/\n',
    )
    .action(async (service: string, privatePort: string, o: PortFlags) => {
      if (o.protocol !== 'tcp' && o.protocol !== 'udp')
        throw userError('usage', `invalid protocol '${o.protocol}'`, { hint: 'use --protocol tcp or udp' });
      const { portStack } = await import('../../api/ps.js');
      const found = await portStack({
        projectDir: ctx.io.cwd,
        ...(o.projectName ? { projectName: o.projectName } : {}),
        env: ctx.io.env,
        logger: ctx.logger(),
        service,
        privatePort: portNumber(privatePort, 'private port', 1),
        protocol: o.protocol,
        index: portNumber(o.index, 'index', 1),
      });
      ctx.io.stdout.write(`${found.hostIp}:${found.hostPort}\n`);
    });
}
