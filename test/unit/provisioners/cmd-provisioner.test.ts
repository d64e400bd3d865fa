import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/common/log.js';
import { parseCmdUri, resolveCmdBinary } from '../../../src/provisioners/cmd/cmd-uri.js';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import type { ProvisionContext } from '../../../src/provisioners/types.js';
import { binaryLookupPlace, cmdProvisioner, provisionInput } from './fixtures.js';

// The reference's cmd_provisioner vectors (URIs, binary resolution, runs) are in
// test/acceptance/vectors/cmd-provisioner.test.ts.

describe('cmd:// URIs', () => {
  it('ignores the fragment used as a unique name', () => {
    expect(parseCmdUri('cmd://python3#dotenv')).toEqual({ host: 'python3', path: '' });
    expect(() => cmdProvisioner('cmd://bash#dns-in-codespace')).not.toThrow();
  });
  it('reports URI errors when the file is loaded', () => {
    expect(() => cmdProvisioner('cmd://something?foo=x')).toThrow(
      "failed to load 'f': 0: cmd://something?foo=x: failed to parse: cmd provisioner uri cannot contain query params",
    );
    expect(() => parseProvisionerFile('- {uri: "cmd://x", type: t, bogus: 1}', 'f')).toThrow(
      'field bogus not found in cmd provisioner',
    );
    expect(() => parseProvisionerFile('- {uri: "cmd://x"}', 'f')).toThrow('type not set');
  });
});

describe('binary resolution', () => {
  let where = { cwd: '', home: '', path: '' };
  beforeAll(async () => {
    ({ where } = await binaryLookupPlace());
  });
  it('skips non-executable files and directories on PATH', async () => {
    await expect(resolveCmdBinary(parseCmdUri('cmd://notexec'), where)).rejects.toThrow(
      "failed to find 'notexec' on path",
    );
    await expect(resolveCmdBinary(parseCmdUri('cmd://adir'), where)).rejects.toThrow("failed to find 'adir' on path");
  });
});

describe('running a node script', () => {
  let dir = '';
  const script = (name: string, body: string) => writeFile(join(dir, name), body);
  const context = (extra: Partial<ProvisionContext> = {}): ProvisionContext => ({
    projectDir: dir,
    env: { PATH: process.env.PATH, HOME: dir },
    ...extra,
  });
  const node = (file: string, ...args: string[]) =>
    cmdProvisioner(`cmd://${process.execPath}`, [join(dir, file), ...args]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sct-cmd-'));
    await script(
      'echo.mjs',
      `
      let input = '';
      process.stdin.on('data', (c) => (input += c));
      process.stdin.on('end', () => {
        const data = JSON.parse(input);
        process.stderr.write('working on ' + data.resource_uid + '\\npartial line');
        process.stdout.write(JSON.stringify({
          resource_outputs: { input: data, args: process.argv.slice(2), cwd: process.cwd() },
          resource_state: { n: 1 },
          shared_state: { s: null },
          relative_directories: { d: true },
          relative_file_contents: { 'd/f': 'x', gone: null },
          compose_services: { svc: { image: 'i', ports: [{ target: 80 }] } },
          compose_volumes: { v: {} },
          compose_networks: { n: {} },
          compose_models: { m: { model: 'x' } },
        }));
      });
    `,
    );
    await script('exit3.mjs', "process.stderr.write('boom\\n'); process.exit(3);");
    await script('bananas.mjs', "console.log('bananas')");
    await script('unknown.mjs', 'console.log(JSON.stringify({ resource_outputs: {}, bogus: 1 }))');
    await script('short.mjs', "console.log(JSON.stringify({ compose_services: { s: { ports: ['80:80'] } } }))");
    await script('wrongtype.mjs', "console.log(JSON.stringify({ relative_directories: { d: 'yes' } }))");
    await script('sleep.mjs', 'setTimeout(() => {}, 30000)');
    await script('noread.mjs', "console.log('{}')");
  });

  it('passes the input contract on stdin and decodes every output key', async () => {
    const logger = memoryLogger();
    const web = { name: 'web', port: 80, targetPort: 8080, protocol: 'TCP' };
    const input = provisionInput({
      params: { p: 1 },
      metadata: { m: 'v' },
      state: { st: 1 },
      shared: { sh: 2 },
      workloadServices: { w: { serviceName: 'w', ports: { web, 80: web } } },
    });
    const out = await node('echo.mjs', 'a1', 'a 2').provision(input, context({ logger }));
    expect(out.outputs).toEqual({
      input: {
        resource_uid: 'thing.default#w.r',
        resource_type: 'thing',
        resource_class: 'default',
        resource_id: 'w.r',
        resource_params: { p: 1 },
        resource_metadata: { m: 'v' },
        source_workload: 'w',
        workload_services: {
          w: {
            ServiceName: 'w',
            ports: {
              web: { name: 'web', port: 80, target_port: 8080, protocol: 'TCP' },
              80: { name: 'web', port: 80, target_port: 8080, protocol: 'TCP' },
            },
          },
        },
        resource_state: { st: 1 },
        shared_state: { sh: 2 },
        compose_project_name: 'test',
        mount_directory_path: '.score-compose/mounts',
      },
      args: ['a1', 'a 2'],
      cwd: dir,
    });
    expect(out).toMatchObject({
      state: { n: 1 },
      shared: { s: null },
      directories: { d: true },
      files: { 'd/f': 'x', gone: null },
      services: { svc: { image: 'i', ports: [{ target: 80 }] } },
      volumes: { v: {} },
      networks: { n: {} },
      models: { m: { model: 'x' } },
    });
    // Debug level only: stderr may hold secrets.
    expect(logger.lines).toEqual([
      'DEBUG: thing.default#w.r: working on thing.default#w.r',
      'DEBUG: thing.default#w.r: partial line',
    ]);
  });

  it('sends null params when the resource has none', async () => {
    const out = await node('echo.mjs').provision(provisionInput(), context());
    expect((out.outputs?.input as Record<string, unknown>).resource_params).toBeNull();
  });

  it('reports a non-zero exit without repeating its stderr, which is on the debug log', async () => {
    const logger = memoryLogger();
    const failing = node('exit3.mjs').provision(provisionInput(), context({ logger }));
    await expect(failing).rejects.toThrow(/^failed to execute cmd provisioner: exit status 3$/);
    await expect(failing).rejects.toMatchObject({
      details: [],
      hint: "it wrote 1 line to stderr, shown only with -v (debug) as a provisioner's output may hold secrets",
    });
    expect(logger.lines).toEqual(['DEBUG: thing.default#w.r: boom']);
  });

  it('rejects output that is not JSON, with the reference wording', async () => {
    await expect(node('bananas.mjs').provision(provisionInput(), context())).rejects.toThrow(
      "failed to decode output from cmd provisioner: invalid character 'b' looking for beginning of value",
    );
  });

  it('rejects unknown output keys and wrong types', async () => {
    await expect(node('unknown.mjs').provision(provisionInput(), context())).rejects.toThrow(
      'failed to decode output from cmd provisioner: json: unknown field "bogus"',
    );
    await expect(node('wrongtype.mjs').provision(provisionInput(), context())).rejects.toThrow(
      'relative_directories.d: expected true or false',
    );
  });

  it('takes compose objects as given (long syntax only)', async () => {
    const out = await node('short.mjs').provision(provisionInput(), context());
    expect(out.services).toEqual({ s: { ports: ['80:80'] } });
  });

  it('does not mind a program that ignores stdin', async () => {
    await expect(node('noread.mjs').provision(provisionInput(), context())).resolves.toEqual({});
  });

  it('kills a program that runs past the time limit', async () => {
    const started = Date.now();
    await expect(node('sleep.mjs').provision(provisionInput(), context({ commandTimeoutMs: 300 }))).rejects.toThrow(
      /did not finish within 0.3s and was killed, with every process it started/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails as interrupted when the run is aborted', async () => {
    const controller = new AbortController();
    const running = node('sleep.mjs').provision(provisionInput(), context({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: 'interrupted' });
  });

  it('resolves ./ against the project directory and reports a missing binary', async () => {
    await writeFile(join(dir, 'tool.sh'), '#!/bin/sh\necho \'{"resource_outputs": {"ok": true}}\'\n');
    await chmod(join(dir, 'tool.sh'), 0o755);
    await expect(cmdProvisioner('cmd://./tool.sh').provision(provisionInput(), context())).resolves.toEqual({
      outputs: { ok: true },
    });
    await expect(cmdProvisioner('cmd://~/tool.sh').provision(provisionInput(), context())).resolves.toEqual({
      outputs: { ok: true },
    });
    await expect(cmdProvisioner('cmd://./missing.sh').provision(provisionInput(), context())).rejects.toThrow(
      'failed to execute cmd provisioner:',
    );
    await expect(
      cmdProvisioner('cmd://absolutely-unknown-score-compose-provisioner').provision(provisionInput(), context()),
    ).rejects.toThrow("failed to find 'absolutely-unknown-score-compose-provisioner' on path");
  });
});
