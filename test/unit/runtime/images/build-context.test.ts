import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuildContext, listContextFiles } from '../../../../src/runtime/images/build-context.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sct-ctx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
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

async function packToBuffer(ctx: string, limit = Infinity): Promise<Buffer> {
  const { stream } = await createBuildContext(ctx, { gzip: false });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks);
}

// What GNU tar makes of an archive's head; it complains about the missing rest, so its exit status is not checked.
function tarListHead(bytes: Buffer): string {
  const file = join(dir, 'head.tar');
  writeFileSync(file, bytes);
  return spawnSync('tar', ['-tvf', file, '--numeric-owner', '--utc'], { encoding: 'utf8' }).stdout;
}

describe('tar headers', () => {
  it('writes a valid checksum, octal fields and owner 0', async () => {
    const ctx = join(dir, 'ctx');
    await writeTree(ctx, { 'a/b.txt': 'hello' });
    await chmod(join(ctx, 'a/b.txt'), 0o755);
    const tar = await packToBuffer(ctx);
    const h = tar.subarray(512, 1024); // after the header of directory `a/`, which has no content
    expect(h.length).toBe(512);
    expect(h.subarray(0, 7).toString()).toBe('a/b.txt');
    expect(parseInt(h.subarray(100, 108).toString(), 8)).toBe(0o755);
    expect(parseInt(h.subarray(108, 116).toString(), 8)).toBe(0);
    expect(parseInt(h.subarray(116, 124).toString(), 8)).toBe(0);
    expect(h.subarray(124, 135).toString()).toBe('00000000005');
    expect(h.subarray(257, 262).toString()).toBe('ustar');
    const stored = parseInt(h.subarray(148, 154).toString(), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    expect(stored).toBe(copy.reduce((s, b) => s + b, 0));
  });

  it('keeps what a ustar header cannot hold: sizes over 8 GiB, times after 2038, permission bits of 0', async () => {
    const ctx = join(dir, 'ctx');
    await writeTree(ctx, { future: '', locked: 'x', 'z-huge': '' }); // huge last: only the archive's head is read
    await truncate(join(ctx, 'z-huge'), 8 * 1024 ** 3 + 1); // sparse: nothing is written to disk
    await utimes(join(ctx, 'future'), 4_102_444_800, 4_102_444_800); // 2100-01-01
    await chmod(join(ctx, 'locked'), 0);
    const listing = tarListHead(await packToBuffer(ctx, 1024 * 1024));
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +0 2100-01-01 00:00 future$/m);
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +8589934593 .* z-huge$/m);
    expect(listing).toMatch(/^---------- 0\/0 +1 .* locked$/m);
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

  it('fails the stream with the cause when a file disappears after the walk', async () => {
    const ctx = join(dir, 'ctx');
    // a.bin is larger than the packer's small-file limit (1 MiB), so it is streamed, and larger than every stream
    // buffer, so packing waits inside it until read: b.txt is not opened yet. (At exactly 1 MiB it was read whole
    // and handed to tar-stream as one buffer, which takes it at once: the packer ran on and opened b.txt before
    // the test removed it.) Random bytes, so gzip cannot shrink it below its buffers either.
    await writeTree(ctx, { 'a.bin': randomBytes(4 * 1024 * 1024), 'b.txt': 'b' });
    for (const gzip of [true, false]) {
      const { stream } = await createBuildContext(ctx, { gzip });
      await rm(join(ctx, 'b.txt'));
      await expect(pipeline(stream, createWriteStream(join(dir, 'out')))).rejects.toThrow(/ENOENT.*b\.txt/);
      await writeFile(join(ctx, 'b.txt'), 'b');
    }
  });

  it('fails clearly when the context is missing', async () => {
    await expect(createBuildContext(join(dir, 'nope'))).rejects.toThrow(/build context '.*nope' is not a directory/);
  });
});
