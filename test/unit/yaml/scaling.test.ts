// Work that grows with the input must grow linearly: a step comparing each key with every earlier
// one made 40,000 variables take 13 s where 20,000 took 3.5 s. Measured without a clock, by the
// array elements scanned (the length of every array a scanning method runs over) while reading
// maps of n and then 2n keys, and while generating workloads of n and 2n variables: linear work
// doubles, quadratic work quadruples.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../src/api/generate.js';
import { init } from '../../../src/api/init.js';
import { silentLogger } from '../../../src/common/log.js';
import { parseYamlValue } from '../../../src/yaml/yaml.js';

const SCANNING = [
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'forEach',
  'includes',
  'indexOf',
  'lastIndexOf',
  'map',
  'reduce',
  'some',
] as const;

/** Array elements scanned by `run`: each call of a scanning method counts its array's length. */
async function elementsScanned(run: () => unknown): Promise<number> {
  let scanned = 0;
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = SCANNING.map((name) => [name, proto[name]!] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      scanned += this.length;
      return original.apply(this, args);
    };
  }
  try {
    await run();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return scanned;
}

/** The ratio of the work for 2n to the work for n: about 2 when linear, about 4 when quadratic. */
async function growth(make: (n: number) => () => unknown, n: number): Promise<number> {
  await make(n)(); // warm up: first-use work (loading modules) is not the input's
  const once = await elementsScanned(make(n));
  const twice = await elementsScanned(make(2 * n));
  return twice / once;
}

const map = (n: number, after = '') => Array.from({ length: n }, (_, i) => `k${i}: v${i}${after}\n`).join('');

describe('work grows linearly with the input', () => {
  it.each([
    ['a plain block map (read without the yaml package)', ''],
    ['a map with comments (read by the yaml package)', ' # c'],
  ])('reading %s', async (_what, after) => {
    const ratio = await growth((n) => () => parseYamlValue(map(n, after), { source: 'x.yaml' }), 2_000);
    expect(ratio).toBeLessThan(2.6);
  });

  it('reading a flow map', async () => {
    const flow = (n: number) => `{${Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join(', ')}}`;
    expect(await growth((n) => () => parseYamlValue(flow(n), { source: 'x.yaml' }), 2_000)).toBeLessThan(2.6);
  });

  it.each([
    ['plain', ''],
    ['with comments', ' # c'],
  ])('generating a workload of many variables (%s)', async (_what, after) => {
    const dir = await mkdtemp(join(tmpdir(), 'sct-scaling-'));
    await init({ projectDir: dir, noSample: true, logger: silentLogger });
    const run = (n: number) => async () => {
      const variables = Array.from({ length: n }, (_, i) => `      V${i}: v${i}${after}\n`).join('');
      const score = `apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: busybox\n    variables:\n${variables}`;
      await writeFile(join(dir, 'score.yaml'), score);
      await generate({ projectDir: dir, files: ['score.yaml'], logger: silentLogger });
    };
    expect(await growth(run, 1_000)).toBeLessThan(2.6);
  });
});
