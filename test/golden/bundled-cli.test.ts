// The installed command runs the bundled CLI (dist/cli-bundle, built by `npm run build`), while
// the other tests run the sources in-process. Both must produce the same files, and the bundle
// must load what it loads lazily (ssh2, for an ssh:// engine) only when it is needed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runIn, tempProject } from '../helpers/cli.js';
import { maskRandom } from '../helpers/normalise.js';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'bin', 'score-compose.js');

describe('the bundled CLI', () => {
  it('writes the same compose file as the sources for the init sample (postgres, dns, route)', async () => {
    expect(existsSync(join(REPO_ROOT, 'dist/cli-bundle/score-compose.cjs')), 'run `npm run build` first').toBe(true);
    const bundled = await tempProject('sample');
    await run(process.execPath, [BIN, 'init'], { cwd: bundled });
    const generated = await run(process.execPath, [BIN, 'generate', 'score.yaml'], { cwd: bundled });
    expect(generated.stdout).toBe('');
    expect(generated.stderr).toContain("INFO: Validated workload 'hello-world'");

    const sources = await tempProject('sample');
    expect((await runIn(sources, ['init'])).code).toBe(0);
    expect((await runIn(sources, ['generate', 'score.yaml'])).code).toBe(0);

    const read = (dir: string, file: string) => readFile(join(dir, file), 'utf8');
    expect(maskRandom(await read(bundled, 'compose.yaml'))).toBe(maskRandom(await read(sources, 'compose.yaml')));
    // The route's nginx.conf comes from a partial: the bundle must find templates/ too.
    const conf = (await run('sh', ['-c', 'cat .score-compose/mounts/routing-*/nginx.conf'], { cwd: bundled })).stdout;
    expect(conf).toContain('server_name');
    const version = await run(process.execPath, [BIN, '--version']);
    expect(version.stdout).toMatch(/^score-compose \d+\.\d+\.\d+ \(node /);
  }, 60_000);

  // The bundle is minified; its source map (written beside it) puts an internal error's stack back
  // in terms of the sources.
  it('prints the stack of an internal error as places in the sources', async () => {
    const script = `
      const bin = require(${JSON.stringify(BIN)});
      const stderr = { write: (text) => process.stderr.write(text) };
      const stdout = { write: () => { throw new TypeError('a writer that fails'); } };
      bin.loadBundle(bin.BUNDLE_FILE, undefined).exports.main(['version'], undefined, { stdout, stderr })
        .then((code) => { process.exitCode = code; });`;
    const failed = (await run(process.execPath, ['-e', script]).then(
      () => undefined,
      (err: unknown) => err,
    )) as { code: number; stderr: string } | undefined;
    expect(failed?.code).toBe(70);
    expect(failed?.stderr).toContain('Error: internal error: a writer that fails');
    expect(failed?.stderr).toMatch(/^\s+at src\/cli\/commands\/version\.ts:\d+:\d+$/m);
    expect(failed?.stderr).not.toContain('score-compose.cjs:');
  });

  it('says to build first, without a stack, when run from a checkout that was not built', async () => {
    const checkout = await tempProject('unbuilt');
    await cp(join(REPO_ROOT, 'bin'), join(checkout, 'bin'), { recursive: true });
    for (const [bin, missing] of [
      ['score-compose.js', 'dist/cli-bundle/score-compose.cjs'],
      ['score-k8s.js', 'dist/cli/k8s/main.js'],
    ] as const) {
      const failed = (await run(process.execPath, [join(checkout, 'bin', bin), 'version']).then(
        () => undefined,
        (err: unknown) => err,
      )) as { code: number; stderr: string } | undefined;
      expect(failed?.code, bin).toBe(70);
      expect(failed?.stderr).toContain(`is not built: ${join(checkout, missing)} is missing`);
      expect(failed?.stderr).toContain('hint: run `npm ci && npm run build`');
      expect(failed?.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('uses an edited default provisioners file, not the parsed copy shipped for the unedited one', async () => {
    const dir = await tempProject('edited');
    await run(process.execPath, [BIN, 'init'], { cwd: dir });
    const file = join(dir, '.score-compose/zz-default.provisioners.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('mirror.gcr.io/postgres:17-alpine');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, text.replaceAll('mirror.gcr.io/postgres:17-alpine', 'example.test/postgres:edited'));
    await run(process.execPath, [BIN, 'generate', 'score.yaml'], { cwd: dir });
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toContain('image: example.test/postgres:edited');
    expect(compose).not.toContain('mirror.gcr.io/postgres:17-alpine');
  }, 60_000);

  it('a reader that closes the pipe early (| head) is not an error', async () => {
    // More output than a pipe buffers (64 KiB), so the writer is still writing when head exits.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      files[`w${i}.yaml`] =
        `apiVersion: score.dev/v1b1\nmetadata: {name: workload-${i}}\ncontainers:\n  main: {image: busybox:latest, command: [sh, -c, 'echo ${'x'.repeat(200)}']}\n`;
    }
    const dir = await tempProject('pipe', files);
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    expect((await runIn(dir, ['generate', ...Object.keys(files)])).code).toBe(0);
    const out = await run(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" generate -o - 2>/dev/null | head -1; echo "status=\${PIPESTATUS[0]}"`],
      { cwd: dir },
    );
    expect(out.stdout).toBe('name: pipe\nstatus=0\n');
  }, 60_000);

  it('loads ssh2 only for an ssh:// engine, and never the BuildKit modules for ps', async () => {
    const dir = await tempProject('lazy');
    // Preloaded into the CLI's process: which of dockerode's optional dependencies it loaded.
    const probe = join(dir, 'probe.cjs');
    await writeFile(
      probe,
      `process.on('exit', () => {
        const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]);
        process.stderr.write('LOADED ' + [...new Set(names.filter(Boolean))].sort().join(' ') + '\\n');
      });`,
    );
    const ps = (host: string) =>
      run(process.execPath, ['-r', probe, BIN, 'ps'], { cwd: dir, env: { ...process.env, DOCKER_HOST: host } }).then(
        () => expect.fail('ps reached an engine'),
        (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
      );
    const loaded = (stderr: string) => (/^LOADED (.*)$/m.exec(stderr)?.[1] ?? '').split(' ');
    const optional = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-fs'];

    const local = await ps(`unix://${join(dir, 'no-engine.sock')}`);
    expect(local.code).toBe(3);
    expect(loaded(local.stderr).filter((m) => optional.includes(m))).toEqual([]);

    // Nothing listens on port 1: the connection is refused, after the ssh client has been loaded to make it.
    const ssh = await ps('ssh://nobody@127.0.0.1:1');
    expect(ssh.code).toBe(3);
    expect(ssh.stderr).toContain('ECONNREFUSED');
    expect(loaded(ssh.stderr)).toContain('ssh2');
    expect(loaded(ssh.stderr).filter((m) => m !== 'ssh2' && optional.includes(m))).toEqual([]);
  }, 60_000);
});
