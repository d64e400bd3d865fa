// `validate --format sarif` against the SARIF 2.1.0 JSON schema of the OASIS standard (the copy
// the `schemastore` package ships, a devDependency: no npm package carries OASIS's own file, and
// the schema is not ours to commit). Code-scanning services reject a log that does not match it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import * as AjvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS: its function is the namespace's default.
const addFormats = (AjvFormats as unknown as { default: (ajv: Ajv) => Ajv }).default;

let validateSarif: ValidateFunction;
beforeAll(() => {
  const schema = JSON.parse(readFileSync(require.resolve('schemastore/schemas/json/sarif-2.1.0.json'), 'utf8')) as {
    title: string;
  };
  expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  // unicodeRegExp off: the 2.1.0 schema's `language` pattern has a stray `]`, which JavaScript
  // accepts only outside unicode mode (the standard's errata rewrote that pattern).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validateSarif = ajv.compile(schema);
});

/** Problems of every kind validate reports: YAML, schema, placeholders, resources, files. */
const BROKEN: Record<string, string> = {
  'yaml.yaml': 'apiVersion: score.dev/v1b1\nmetadata: {name: yaml\ncontainers: {}\n',
  'schema.yaml':
    'apiVersion: score.dev/v1b1\nmetadata:\n  name: Bad_Name\ncontainers:\n  main:\n    image: 42\n    bogus: 1\n',
  'refs.yaml': [
    'apiVersion: score.dev/v1b1',
    'metadata: {name: refs}',
    'containers:',
    '  main:',
    '    image: nginx',
    '    variables:',
    '      A: ${resources.db.hostname}',
    '      B: ${resources.nope.host}',
    '      C: ${resources.db.host',
    '    files:',
    '      /etc/x: {source: ../../outside.txt}',
    'resources:',
    '  db: {type: postgress}',
    '',
  ].join('\n'),
};

async function sarifOf(dir: string, files: string[]): Promise<unknown> {
  const run = await runIn(dir, ['validate', '--format', 'sarif', ...files]);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('validate --format sarif', () => {
  it('writes logs the SARIF 2.1.0 schema accepts, with problems and without', async () => {
    const dir = await tempProject('sarif', BROKEN);
    expect((await runIn(dir, ['init'])).code).toBe(0);

    const broken = (await sarifOf(dir, Object.keys(BROKEN))) as { runs: { results: unknown[] }[] };
    expect(broken.runs[0]!.results.length).toBeGreaterThanOrEqual(6);
    expect(validateSarif(broken), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);

    const clean = (await sarifOf(dir, ['score.yaml'])) as { runs: { results: unknown[] }[] };
    expect(clean.runs[0]!.results).toEqual([]);
    expect(validateSarif(clean), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  });

  it('the schema check fails a log that breaks the standard (the check is not vacuous)', async () => {
    const dir = await tempProject('sarif-bad', { 'schema.yaml': BROKEN['schema.yaml']! });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const log = (await sarifOf(dir, ['schema.yaml'])) as {
      version: string;
      runs: { results: { level: string; locations?: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    expect(validateSarif(log)).toBe(true);
    const result = log.runs[0]!.results[0]!;
    for (const broken of [
      { ...log, version: '2.0.0' },
      { ...log, runs: [{ ...log.runs[0], results: [{ ...result, level: 'fatal' }] }] },
      {
        ...log,
        runs: [
          {
            ...log.runs[0],
            results: [{ ...result, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }],
          },
        ],
      },
    ])
      expect(validateSarif(broken)).toBe(false);
  });
});
