// One differential suite over hand-written cases: both engines render every case; outputs must be
// identical, failures must be in the same phase at the same place (and, with `exactErrors`, say the
// same, but for the one known wording gap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, renderWithGo, type OracleResult } from '../helpers/go-oracle.js';
import { difference, errorLocation, oracleCase, renderWithTs } from './differential.js';
import { STANDARD_DATA, type TemplateCase } from './template-cases.js';

/** Declares the suite `title` over `cases` (those the 1.19 oracle can judge). */
export function differentialSuite(title: string, cases: readonly TemplateCase[], exactErrors: boolean): void {
  const checked = cases.filter((c) => c.newGo === undefined);
  let results: OracleResult[] = [];
  const differentTexts: string[] = [];

  beforeAll(() => {
    results = renderWithGo(
      buildGoOracle(),
      checked.map((c) => oracleCase(c.t, c.d ?? STANDARD_DATA, c.mk)),
    );
  }, 120_000);

  describe(title, () => {
    it.each(checked.map((c, i) => [i, c.t, c] as const))('case %i: %s', (i, _t, c) => {
      const go = results[i];
      expect(go, 'the oracle answered').toBeDefined();
      const ts = renderWithTs(c.t, c.d ?? STANDARD_DATA, c.mk);
      expect(difference(ts, go ?? {})).toBeUndefined();
      if (go?.error === undefined || ts.error === go.error) return;
      expect(errorLocation(ts.error)).toBe(errorLocation(go.error));
      differentTexts.push(`go: ${go.error}\nts: ${ts.error}`);
      // The one known wording gap: Go names the static type of a range element (interface {}).
      if (exactErrors) expect(ts.error).toMatch(/can't evaluate field \S+ in type /);
    });
  });

  afterAll(() => {
    if (differentTexts.length > 0 && process.env['GOTEMPLATE_ORACLE_VERBOSE']) {
      console.info(`${differentTexts.length} error texts differ:\n${differentTexts.join('\n')}`);
    }
  });
}
