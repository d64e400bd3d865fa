// The `graph --format html` page in a real browser (Debian's chromium, headless): the DOM after
// its script ran has every node drawn and inside the picture, and a screenshot shows a drawing,
// not a blank page.
import { execFile, spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProjectGraph } from '../../src/graph/model.js';
import { runIn, tempProject } from '../helpers/cli.js';
import { e2eRequired } from '../helpers/docker-env.js';

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version']).status === 0);
const problem = chromium === undefined ? 'no chromium on PATH' : undefined;

/** Runs headless chromium with `args`; its stdout (a dbus error line on stderr is harmless). */
function browse(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      chromium!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', ...args],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/** The decompressed image data of a PNG (filter bytes included): enough to tell a drawing from a blank. */
function pngPixels(png: Buffer): { width: number; height: number; data: Buffer } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  return { width, height, data: inflateSync(Buffer.concat(idat)) };
}

const SECOND = `apiVersion: score.dev/v1b1
metadata:
  name: admin
containers:
  main:
    image: busybox
resources:
  db:
    type: postgres
  cache:
    type: redis
  web:
    type: service
    params:
      workload: hello-world
`;

if (problem !== undefined && e2eRequired()) {
  it('has chromium (scripts/install-docker.sh installs it)', () => {
    throw new Error(`${problem}; SCORE_COMPOSE_E2E=require makes this a failure`);
  });
} else if (problem !== undefined) {
  console.warn(`[e2e] skipping the graph page test: ${problem}`);
}

describe.skipIf(problem !== undefined)('graph --format html in headless chromium', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('draws every node inside the picture, and the screenshot is a drawing', async () => {
    const dir = await tempProject('graphpage', { 'admin.yaml': SECOND });
    dirs.push(dir);
    expect((await runIn(dir, ['init'])).code).toBe(0);
    expect((await runIn(dir, ['generate', 'score.yaml', 'admin.yaml'])).code).toBe(0);
    const page = await runIn(dir, ['graph', '-f', 'html', '-o', 'graph.html']);
    expect(page.code, page.stderr).toBe(0);
    const graph = JSON.parse((await runIn(dir, ['graph', '-f', 'json'])).stdout) as ProjectGraph;
    const url = pathToFileURL(join(dir, 'graph.html')).href;

    const dom = await browse(['--dump-dom', url]);
    const drawn = graph.nodes.length;
    expect(drawn).toBeGreaterThan(8);
    expect(dom).toContain(`data-rendered="${drawn}"`);
    expect(dom).toContain(`data-visible="${drawn}"`);
    for (const n of graph.nodes) expect(dom).toContain(`data-node="${n.id}"`);
    expect(dom).toContain('hello-world');
    expect(dom).toContain('template://default-provisioners/redis');

    const shot = join(dir, 'graph.png');
    await browse([`--screenshot=${shot}`, '--window-size=1400,1000', url]);
    const { width, height, data } = pngPixels(await readFile(shot));
    expect([width, height]).toEqual([1400, 1000]);
    // A blank page is one colour: after PNG's row filters, nearly all zero bytes. Boxes, text and
    // lines in four fill colours give many distinct values and a good share of non-zero ones.
    const distinct = new Set(data).size;
    const nonZero = data.filter((b) => b !== 0).length / data.length;
    expect(distinct).toBeGreaterThan(64);
    expect(nonZero).toBeGreaterThan(0.01);
  }, 120_000);
});
