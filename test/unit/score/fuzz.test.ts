// Mutation fuzzing of the read pipeline: whatever the text, parse + check either succeeds or
// throws a ScoreComposeError (never a TypeError, RangeError or other crash). Deterministic seed.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/errors.js';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { checkWorkload, checkWorkloadFilesMetadata } from '../../../src/score/read.js';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../..', '../shared/corpus');
const SEEDS = [
  'score-compose/internal/command/init-DefaultScoreFileContent.score.yaml',
  'score-compose/examples/03-files/score.yaml',
  'score-compose/examples/08-service-port-resource/scoreA.yaml',
  'score-compose/examples/09-dns-and-route/score.yaml',
  'awesome-score-spec-examples/examples/angular/score/score.yaml',
  'examples/specification/probes/score.yaml',
  'invalid-and-edge-cases/score-go-schema/000-valid-valid-input.yaml',
].map((p) => readFileSync(resolve(corpus, p), 'utf8'));

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = ['123', '-1', '1.5e3', 'true', 'null', '~', '[]', '{}', '""', "'${bad ref}'", '${resources.nope.x}', '$${escaped}', '- item', '&anchor value', '*anchor', '!!binary aGk=', '|\n  block', '0o17', '.inf', 'yes'];
const NOISE = ':{}[]-&*!|>\'"%@`#,? \t\n$\\.0aZ\u00e9\u0000\ufeff';

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const lines = text.split('\n');
  const at = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 8)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, lines[at] ?? '');
      break;
    case 2: {
      const other = Math.floor(rnd() * lines.length);
      [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
      break;
    }
    case 3:
      lines[at] = (lines[at] ?? '').replace(/:\s*(.*)$/, () => `: ${pick(SCALARS)}`);
      break;
    case 4: {
      const line = lines[at] ?? '';
      const pos = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, pos) + pick([...NOISE]) + line.slice(pos);
      break;
    }
    case 5: {
      const depth = 1 + Math.floor(rnd() ** 3 * 1000); // mostly shallow: deep parses are slow
      lines[at] = (lines[at] ?? '').replace(/:\s*(.*)$/, () => `: ${'['.repeat(depth)}1${']'.repeat(depth)}`);
      break;
    }
    case 6: {
      const depth = 1 + Math.floor(rnd() ** 3 * 200);
      const nested = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n');
      lines.splice(at, 0, `deep:\n${nested} x`);
      break;
    }
    default: {
      const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
      lines.splice(at, 0, `${indent}${pick(['target', 'files', 'volumes', 'before', 'read_only', 'content', 'noExpand', 'params', 'metadata'])}: ${pick(SCALARS)}`);
    }
  }
  return lines.join('\n');
}

function runPipeline(text: string): void {
  const parsed = parseYamlDocument(text, 'fuzz.yaml');
  checkWorkloadFilesMetadata([{ file: 'fuzz.yaml', raw: parsed.value }]);
  checkWorkload(parsed.value, 'fuzz.yaml', parsed.locate);
}

describe('read pipeline under mutation', () => {
  it('the seeds themselves are valid', () => {
    for (const seed of SEEDS) expect(() => runPipeline(seed)).not.toThrow();
  });

  // 2000 mutated inputs run in about 5 s here; deep nesting is what costs (the YAML parser is slow on it).
  it('only ever returns or throws ScoreComposeError', () => {
    const rnd = prng(20240611);
    const outcomes = { ok: 0, userError: 0 };
    for (let i = 0; i < 2000; i++) {
      let text = SEEDS[i % SEEDS.length] ?? '';
      const rounds = 1 + Math.floor(rnd() * 4);
      for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
      try {
        runPipeline(text);
        outcomes.ok++;
      } catch (err) {
        if (!(err instanceof ScoreComposeError)) {
          throw new Error(`iteration ${i}: ${String(err)}\n--- input ---\n${text.slice(0, 2000)}`, { cause: err });
        }
        expect(err.message).not.toBe('');
        // One problem per line: user text with line breaks must have been escaped.
        for (const line of err.details) expect(line).toMatch(/^fuzz\.yaml(:\d+:\d+)? \S[^\n]*: \S[^\n]*$/);
        outcomes.userError++;
      }
    }
    // Both paths must be exercised for the test to mean anything.
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.userError).toBeGreaterThan(500);
  });
});
