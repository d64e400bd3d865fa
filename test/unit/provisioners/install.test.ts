import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchUriContents,
  installedFileName,
  installProvisionerFile,
  uriHash,
} from '../../../src/provisioners/install.js';
import { loadProvisioners } from '../../../src/provisioners/load.js';

const VALID = '- {uri: template://x, type: thing}\n';

describe('fetchUriContents', () => {
  let dir = '';
  let server: Server;
  let base = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sct-fetch-'));
    await writeFile(join(dir, 'one.yaml'), VALID);
    await mkdir(join(dir, 'many', 'nested'), { recursive: true });
    await writeFile(join(dir, 'many', 'b.yaml'), 'b');
    await writeFile(join(dir, 'many', 'a.yaml'), 'a');
    await writeFile(join(dir, 'many', 'nested', 'c.yaml'), 'c');
    server = createServer((req, res) => {
      if (req.url === '/ok.yaml') res.end(VALID);
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else {
        res.statusCode = 404;
        res.end('no');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a relative path, an absolute path and a file:// URI', async () => {
    expect(await fetchUriContents('one.yaml', { cwd: dir })).toEqual([{ name: 'one.yaml', content: VALID }]);
    expect(await fetchUriContents(join(dir, 'one.yaml'), { cwd: '/' })).toEqual([
      { name: join(dir, 'one.yaml'), content: VALID },
    ]);
    const url = pathToFileURL(join(dir, 'one.yaml')).href;
    expect(await fetchUriContents(url, { cwd: '/' })).toEqual([{ name: url, content: VALID }]);
  });

  it('reads every file of a directory, sorted, not recursively', async () => {
    const items = await fetchUriContents('many', { cwd: dir });
    expect(items).toEqual([
      { name: join('many', 'a.yaml'), content: 'a' },
      { name: join('many', 'b.yaml'), content: 'b' },
    ]);
    const url = pathToFileURL(join(dir, 'many')).href;
    expect((await fetchUriContents(url, { cwd: '/' })).map((i) => i.name)).toEqual([`${url}/a.yaml`, `${url}/b.yaml`]);
  });

  it('fails clearly on a missing file', async () => {
    await expect(fetchUriContents('nope.yaml', { cwd: dir })).rejects.toThrow(
      "failed to read 'nope.yaml': no such file or directory",
    );
  });

  it('downloads over http and reports non-200 responses and time limits', async () => {
    expect(await fetchUriContents(`${base}/ok.yaml`, { cwd: dir })).toEqual([
      { name: `${base}/ok.yaml`, content: VALID },
    ]);
    await expect(fetchUriContents(`${base}/missing`, { cwd: dir })).rejects.toThrow(
      `GET ${base}/missing non-200 status code: 404`,
    );
    await expect(fetchUriContents(`${base}/slow`, { cwd: dir, httpTimeoutMs: 200 })).rejects.toThrow(
      `GET ${base}/slow failed: timed out after 0.2s`,
    );
  });

  it('reads stdin for -, which must be a non-empty pipe', async () => {
    expect(await fetchUriContents('-', { cwd: dir, stdin: Readable.from([Buffer.from(VALID)]) })).toEqual([
      { name: '-', content: VALID },
    ]);
    await expect(fetchUriContents('-', { cwd: dir, stdin: Readable.from([]) })).rejects.toThrow('stdin was empty');
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await expect(fetchUriContents('-', { cwd: dir, stdin: tty })).rejects.toThrow('stdin is not a pipe');
    await expect(fetchUriContents('-', { cwd: dir })).rejects.toThrow('stdin is not a pipe');
  });

  it('refuses a scheme it does not read', async () => {
    await expect(fetchUriContents('ftp://x/y', { cwd: dir })).rejects.toThrow("unsupported uri scheme 'ftp'");
  });
});

describe('installProvisionerFile', () => {
  it('names files <countdown>.<hash>.provisioners.yaml, newer first', () => {
    const hash = createHash('sha256').update('https://x/p.yaml').digest().subarray(0, 16).toString('base64url');
    expect(uriHash('https://x/p.yaml')).toBe(hash);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const older = installedFileName('https://x/p.yaml', new Date(1_700_000_000_000));
    const newer = installedFileName('https://x/p.yaml', new Date(1_700_000_000_001));
    expect(older).toBe(`8299999999999.${hash}.provisioners.yaml`);
    expect(newer < older).toBe(true);
    expect(installedFileName('u', new Date(0))).toMatch(/^9999999999999\./);
  });

  it('validates, writes 0600 with a header, replaces older installs of the same uri', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-install-'));
    await writeFile(join(dir, 'zz-default.provisioners.yaml'), '- {uri: template://default, type: thing}\n');
    const first = await installProvisionerFile(dir, 'https://x/p.yaml', VALID, new Date('2026-01-01T00:00:00Z'));
    await installProvisionerFile(
      dir,
      'https://other/p.yaml',
      VALID.replace('template://x', 'template://other'),
      new Date('2026-01-01T00:00:00Z'),
    );
    const second = await installProvisionerFile(
      dir,
      'https://x/p.yaml',
      VALID.replace('template://x', 'template://x2'),
      new Date('2026-01-02T00:00:00Z'),
    );
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(3);
    expect(files).not.toContain(first.split('/').pop());
    expect(await readFile(second, 'utf8')).toBe(
      `# Downloaded from https://x/p.yaml at 2026-01-02T00:00:00.000Z\n${VALID.replace('template://x', 'template://x2')}`,
    );
    expect((await stat(second)).mode & 0o777).toBe(0o600);
    expect((await loadProvisioners(dir)).map((p) => p.uri)).toEqual([
      'template://x2',
      'template://other',
      'template://default',
    ]);
  });

  it('refuses invalid content and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-install-'));
    await expect(installProvisionerFile(dir, 'bad.yaml', '- {uri: nope://x, type: t}', new Date())).rejects.toThrow(
      "failed to load 'bad.yaml': 0: unsupported provisioner type 'nope'",
    );
    await expect(installProvisionerFile(dir, 'empty.yaml', '', new Date())).rejects.toThrow(
      'failed to decode file: EOF',
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
