// The build ships the schema precompiled (ajv standalone). It must judge every corpus case
// exactly as the validator compiled at run time does.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { upgradeWorkload } from '../../../src/score/upgrade.js';
import { compileWorkloadSchema, standaloneValidatorSource } from '../../../src/score/validate.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { corpusPath } from '../../helpers/corpus.js';

type Validate = ((v: unknown) => boolean) & { errors?: unknown[] | null };

describe('standalone validator', () => {
  it('agrees with the run-time compiled validator on every schema case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sct-validator-'));
    const file = join(dir, 'validator.cjs');
    // The generated code requires ajv's runtime helpers: resolve them from this repository.
    writeFileSync(
      file,
      standaloneValidatorSource().replaceAll(
        'require("ajv/',
        `require(${JSON.stringify(`${REPO_ROOT}/node_modules/ajv/`)} + "`,
      ),
    );
    const standalone = createRequire(import.meta.url)(file) as Validate;
    const compiled = compileWorkloadSchema() as unknown as Validate;
    const casesDir = corpusPath('invalid-and-edge-cases/score-go-schema');
    const files = readdirSync(casesDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(100);
    let invalid = 0;
    for (const f of files) {
      const raw = parse(readFileSync(join(casesDir, f), 'utf8')) as Record<string, unknown>;
      let value: unknown = raw;
      try {
        value = upgradeWorkload(raw).value;
      } catch {
        // cases that fail the upgrade are validated as written
      }
      const a = standalone(value);
      const b = compiled(value);
      expect(a, f).toBe(b);
      expect(standalone.errors ?? null, f).toEqual(compiled.errors ?? null);
      if (!a) invalid++;
    }
    expect(invalid).toBeGreaterThan(50);
  });
});
