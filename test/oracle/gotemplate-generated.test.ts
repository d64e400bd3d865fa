// Thousands of random templates and data (a seeded grammar, test/oracle/generate-cases.ts) rendered
// by both engines: identical output, or failures in the same phase at the same place.
// GOTEMPLATE_SEED=<n> replays a run; GOTEMPLATE_CASES=<n> changes how many cases run (default 5000).
import { describe, expect, it } from 'vitest';
import { buildGoOracle, renderWithGo } from '../helpers/go-oracle.js';
import { prng } from '../helpers/mutate.js';
import { difference, errorLocation, oracleCase, renderWithTs } from './differential.js';
import { isRangeOverIntError, randomData, randomTemplate } from './generate-cases.js';

const seed = Number(process.env['GOTEMPLATE_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env['GOTEMPLATE_CASES'] ?? 5000);

describe('generated templates, differential', () => {
  it(`${count} random templates render the same as Go (seed ${seed})`, () => {
    const r = prng(seed);
    const cases = Array.from({ length: count }, () => ({ t: randomTemplate(r), d: randomData(r) }));
    const go = renderWithGo(
      buildGoOracle(),
      cases.map((c) => oracleCase(c.t, c.d)),
    );
    const failures: string[] = [];
    let rendered = 0;
    let failedAlike = 0;
    cases.forEach((c, i) => {
      const g = go[i] ?? {};
      if (isRangeOverIntError(g.error)) return; // Go 1.19 only; checked by the unit tests
      const ts = renderWithTs(c.t, c.d);
      let diff = difference(ts, g);
      if (diff === undefined && g.error !== undefined && errorLocation(ts.error) !== errorLocation(g.error)) {
        diff = `errors at different places:\n  go: ${g.error}\n  ts: ${ts.error}`;
      }
      if (diff !== undefined) failures.push(`case ${i}: ${JSON.stringify(c.t)}\n  ${diff}`);
      else if (g.output !== undefined) rendered++;
      else failedAlike++;
    });
    const summary = `seed ${seed} (GOTEMPLATE_SEED=${seed} replays it): ${failures.length} of ${count} differ`;
    expect(failures.slice(0, 10).join('\n'), summary).toBe('');
    // The generator must produce mostly templates that render, not only errors.
    expect(rendered, `only ${rendered} rendered, ${failedAlike} failed in both`).toBeGreaterThan(count / 3);
  }, 300_000);
});
