import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuildContext, listContextFiles } from '../../../../src/runtime/images/build-context.js';
import { tarHeader } from '../../../../src/runtime/images/tar-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sct-ctx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
  }
}

async function packToFile(
  ctx: string,
  opts: Parameters<typeof createBuildContext>[1],
): Promise<{ file: string; dockerfile: string }> {
  const built = await createBuildContext(ctx, opts);
  const file = join(dir, opts?.gzip === false ? 'out.tar' : 'out.tar.gz');
  await pipeline(built.stream, createWriteStream(file));
  return { file, dockerfile: built.dockerfile };
}

function tarList(file: string): string[] {
  return execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n').sort();
}

describe('tarHeader', () => {
  it('writes a valid checksum, octal fields and owner 0', () => {
    const h = tarHeader({ name: 'a/b.txt', type: 'file', mode: 0o755, mtime: 1_700_000_000, size: 5 });
    expect(h.length).toBe(512);
    expect(h.subarray(0, 7).toString()).toBe('a/b.txt');
    expect(h.subarray(100, 107).toString()).toBe('0000755');
    expect(h.subarray(108, 115).toString()).toBe('0000000');
    expect(h.subarray(124, 135).toString()).toBe('00000000005');
    expect(h.subarray(257, 262).toString()).toBe('ustar');
    const stored = parseInt(h.subarray(148, 154).toString(), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    expect(stored).toBe(copy.reduce((s, b) => s + b, 0));
  });
});

describe('createBuildContext', () => {
  it('round-trips through the system tar with contents, long names and symlinks', async () => {
    const ctx = join(dir, 'ctx');
    const longDir = `${'d'.repeat(80)}/${'e'.repeat(80)}`;
    const veryLong = `${'x'.repeat(120)}/${'y'.repeat(120)}.txt`;
    await writeTree(ctx, {
      Dockerfile: 'FROM scratch\n',
      'src/app.js': 'console.log(1)\n',
      [`${longDir}/file.txt`]: 'long\n',
      [veryLong]: 'pax\n',
      'empty.txt': '',
    });
    await symlink('src/app.js', join(ctx, 'link.js'));
    const { file, dockerfile } = await packToFile(ctx, { gzip: false });
    expect(dockerfile).toBe('Dockerfile');
    const names = tarList(file);
    expect(names).toContain('src/app.js');
    expect(names).toContain(`${longDir}/file.txt`);
    expect(names).toContain(veryLong);
    expect(names).toContain('link.js');
    expect(names).toContain('empty.txt');
    expect(execFileSync('tar', ['-xOf', file, 'src/app.js'], { encoding: 'utf8' })).toBe('console.log(1)\n');
    expect(execFileSync('tar', ['-xOf', file, veryLong], { encoding: 'utf8' })).toBe('pax\n');
    const verbose = execFileSync('tar', ['-tvf', file, '--numeric-owner'], { encoding: 'utf8' });
    expect(verbose).toMatch(/link\.js -> src\/app\.js/);
    expect(
      verbose
        .split('\n')
        .filter(Boolean)
        .every((l) => / 0\/0 /.test(l)),
    ).toBe(true);
  });

  it('honours .dockerignore but always sends the Dockerfile and .dockerignore', async () => {
    const ctx = join(dir, 'ctx');
    await writeTree(ctx, {
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': 'Dockerfile\n.dockerignore\nsecret.txt\nlogs/\n**/*.tmp\n!keep/**/*.tmp\n',
      'secret.txt': 's',
      'logs/a.log': 'a',
      'app/x.tmp': 't',
      'keep/deep/y.tmp': 'k',
      'app/main.txt': 'm',
    });
    const { file } = await packToFile(ctx, {});
    const names = tarList(file).map((n) => n.replace(/\/$/, ''));
    expect(names).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app',
      'app/main.txt',
      'keep',
      'keep/deep',
      'keep/deep/y.tmp',
    ]);
    expect(await listContextFiles(ctx)).toEqual(names.slice().sort());
  });

  it('adds a Dockerfile that lives outside the context under a name of its own', async () => {
    const ctx = join(dir, 'ctx');
    await writeTree(ctx, { 'a.txt': 'a' });
    await writeTree(dir, { 'elsewhere/Dockerfile.dev': 'FROM scratch\nCOPY a.txt /\n' });
    const { file, dockerfile } = await packToFile(ctx, {
      gzip: false,
      dockerfile: join(dir, 'elsewhere/Dockerfile.dev'),
    });
    expect(dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    expect(tarList(file)).toEqual([dockerfile, 'a.txt'].sort());
    expect(execFileSync('tar', ['-xOf', file, dockerfile], { encoding: 'utf8' })).toBe('FROM scratch\nCOPY a.txt /\n');
  });

  it('fails clearly when the context is missing', async () => {
    await expect(createBuildContext(join(dir, 'nope'))).rejects.toThrow(/build context '.*nope' is not a directory/);
  });
});
