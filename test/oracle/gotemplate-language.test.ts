// The Go template language and its builtins, against Go's own text/template (with sprig, as
// score-compose configures it): identical output, or a failure in the same phase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, renderWithGo, type OracleResult } from '../helpers/go-oracle.js';
import { difference, errorLocation, oracleCase, renderWithTs } from './differential.js';
import { STANDARD_DATA, TEMPLATE_CASES } from './template-cases.js';

const checked = TEMPLATE_CASES.filter((c) => c.newGo === undefined);
let results: OracleResult[] = [];
const differentTexts: string[] = [];

beforeAll(() => {
  const binary = buildGoOracle();
  results = renderWithGo(
    binary,
    checked.map((c) => oracleCase(c.t, c.d ?? STANDARD_DATA, c.mk)),
  );
}, 120_000);

describe('Go template language, differential', () => {
  it.each(checked.map((c, i) => [i, c.t, c] as const))('case %i: %s', (i, _t, c) => {
    const go = results[i];
    expect(go, 'the oracle answered').toBeDefined();
    const ts = renderWithTs(c.t, c.d ?? STANDARD_DATA, c.mk);
    expect(difference(ts, go ?? {})).toBeUndefined();
    // Errors name the same place (line, and column for execution errors).
    if (go?.error !== undefined) expect(errorLocation(ts.error)).toBe(errorLocation(go.error));
    if (go?.error !== undefined && ts.error !== go.error) {
      differentTexts.push(`go: ${go.error}\nts: ${ts.error}`);
      // The one known wording gap: Go names the static type of a range element (interface {}).
      expect(ts.error).toMatch(/can't evaluate field \S+ in type /);
    }
  });
});

afterAll(() => {
  // Error texts are compared by phase and location; the rest of the wording is reported, not required.
  if (differentTexts.length > 0 && process.env['GOTEMPLATE_ORACLE_VERBOSE']) {
    console.info(`${differentTexts.length} error texts differ:\n${differentTexts.join('\n')}`);
  }
});
