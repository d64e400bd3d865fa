// `cmd://` provisioners: run a program (never through a shell) with the definition's args, the
// resource as JSON on stdin, and read the result as JSON from stdout.
import { userError } from '../../common/errors.js';
import { silentLogger } from '../../common/log.js';
import { checkKnownKeys, commonFields, type Origin, optionalStringList } from '../definition.js';
import type { ProvisionContext, ProvisionInput, ProvisionOutput, Provisioner, ProvisionerTarget } from '../types.js';
import { decodeCmdOutput, encodeCmdInput } from './cmd-io.js';
import { type CmdTarget, parseCmdUri, resolveCmdBinary } from './cmd-uri.js';
import { type CommandResult, MAX_OUTPUT_BYTES, runCommand } from './run-command.js';
import { decodeUtf8 } from '../../yaml/yaml.js';

/** Default time limit for one cmd provisioner run. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

// `params` and `outputs` are legacy keys: accepted, unused.
const KEYS = [
  'uri',
  'type',
  'class',
  'id',
  'args',
  'description',
  'supported_params',
  'expected_outputs',
  'secret_outputs',
  'params',
  'outputs',
];

async function provisionWithCommand(
  uri: string,
  target: CmdTarget,
  args: string[],
  tool: ProvisionerTarget,
  input: ProvisionInput,
  context: ProvisionContext,
): Promise<ProvisionOutput> {
  const binary = await resolveCmdBinary(target, {
    cwd: context.projectDir,
    home: context.env.HOME,
    path: context.env.PATH,
  });
  const logger = context.logger ?? silentLogger;
  const timeoutMs = context.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  let result: CommandResult;
  try {
    result = await runCommand(binary, args, {
      stdin: encodeCmdInput(input, tool),
      cwd: context.projectDir,
      env: context.env,
      timeoutMs,
      // Debug level only: a provisioner's stderr may hold the secrets it handles.
      onStderr: (line) => logger.debug(`${input.uid}: ${line}`),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
  } catch (err) {
    throw userError('provision', `failed to execute cmd provisioner: ${(err as Error).message}`, {
      cause: err,
      hint: `check that '${binary}' exists and is executable`,
    });
  }
  if (result.aborted) throw userError('interrupted', `interrupted while '${uri}' was running; it was stopped`);
  // Its stderr is not repeated here: it is on the debug log (-v), where the user asked for it.
  const stderrHint =
    result.stderrLines === 0
      ? {}
      : {
          hint: `it wrote ${result.stderrLines} line${result.stderrLines === 1 ? '' : 's'} to stderr, shown only with -v (debug) as a provisioner's output may hold secrets`,
        };
  if (result.timedOut) {
    throw userError(
      'provision',
      `failed to execute cmd provisioner: '${uri}' did not finish within ${timeoutMs / 1000}s and was killed, with every process it started`,
      stderrHint,
    );
  }
  if (result.tooMuchOutput) {
    throw userError(
      'provision',
      `failed to execute cmd provisioner: '${uri}' wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB of output and was stopped, with every process it started`,
      stderrHint,
    );
  }
  if (result.code !== 0) {
    const status = result.code === null ? `signal: ${result.signal ?? 'unknown'}` : `exit status ${result.code}`;
    throw userError('provision', `failed to execute cmd provisioner: ${status}`, stderrHint);
  }
  if (result.leftovers)
    logger.warn(`${input.uid}: '${uri}' exited but left processes behind that kept its output open; they were stopped`);
  const stdout = decodeUtf8(result.stdout, {
    source: uri,
    located: false,
    code: 'provision',
    describe: (p) => `failed to decode output from cmd provisioner: ${p}`,
  });
  return decodeCmdOutput(stdout, tool);
}

/** Parses a `cmd://` definition; URI problems are reported now, the binary is found at run time. */
export function parseCmdProvisioner(raw: Record<string, unknown>, origin: Origin): Provisioner {
  checkKnownKeys(raw, KEYS, 'cmd');
  const target = parseCmdUri(typeof raw.uri === 'string' ? raw.uri : '');
  const fields = commonFields(raw, undefined);
  const args = optionalStringList(raw, 'args') ?? [];
  return {
    ...fields,
    origin,
    provision: (input, context) =>
      provisionWithCommand(fields.uri, target, args, origin.target ?? 'compose', input, context),
  };
}
