// `cmd://` provisioners: run a program (never through a shell) with the definition's args, the
// resource as JSON on stdin, and read the result as JSON from stdout.
import { spawn } from 'node:child_process';
import { userError } from '../../common/errors.js';
import { silentLogger } from '../../common/log.js';
import { checkKnownKeys, commonFields, type Origin, optionalStringList } from '../definition.js';
import type { ProvisionContext, ProvisionInput, ProvisionOutput, Provisioner } from '../types.js';
import { decodeCmdOutput, encodeCmdInput } from './cmd-io.js';
import { type CmdTarget, parseCmdUri, resolveCmdBinary } from './cmd-uri.js';

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
  'params',
  'outputs',
];
const STDERR_TAIL_LINES = 20;

/** What one run produced. */
export interface CommandResult {
  stdout: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string[];
  timedOut: boolean;
}

/** Runs `binary args` with `stdin`; stderr lines go to `onStderr`; killed after `timeoutMs`. */
export function runCommand(
  binary: string,
  args: string[],
  opts: {
    stdin: string;
    cwd: string;
    env: Record<string, string | undefined>;
    timeoutMs: number;
    onStderr: (line: string) => void;
  },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    const stdout: Buffer[] = [];
    const tail: string[] = [];
    let pending = '';
    let timedOut = false;
    const emit = (line: string) => {
      opts.onStderr(line);
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(emit);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (pending !== '') emit(pending);
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), code, signal, stderrTail: tail, timedOut });
    });
    // A program that exits without reading stdin closes the pipe: that is not our error.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin);
  });
}

async function provisionWithCommand(
  uri: string,
  target: CmdTarget,
  args: string[],
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
      stdin: encodeCmdInput(input),
      cwd: context.projectDir,
      env: context.env,
      timeoutMs,
      onStderr: (line) => logger.info(`${input.uid}: ${line}`),
    });
  } catch (err) {
    throw userError('provision', `failed to execute cmd provisioner: ${(err as Error).message}`, {
      cause: err,
      hint: `check that '${binary}' exists and is executable`,
    });
  }
  const details = result.stderrTail.length > 0 ? ['stderr:', ...result.stderrTail] : [];
  if (result.timedOut) {
    throw userError(
      'provision',
      `failed to execute cmd provisioner: '${uri}' did not finish within ${timeoutMs / 1000}s and was killed`,
      { details },
    );
  }
  if (result.code !== 0) {
    const status = result.code === null ? `signal: ${result.signal ?? 'unknown'}` : `exit status ${result.code}`;
    throw userError('provision', `failed to execute cmd provisioner: ${status}`, { details });
  }
  return decodeCmdOutput(result.stdout);
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
    provision: (input, context) => provisionWithCommand(fields.uri, target, args, input, context),
  };
}
