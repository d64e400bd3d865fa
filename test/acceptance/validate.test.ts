// `validate` against `generate` on every schema case of the reference (score-go's 130): in the same
// project, validate writes nothing, reports nothing exactly when generate succeeds, and every
// problem it reports is one generate reports, at the same file:line:col with the same words.
import { readFileSync, readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/api/validate.js';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';

const casesDir = corpusPath('invalid-and-edge-cases/score-go-schema');
const files = readdirSync(casesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Every file under `dir` with its bytes, to see that nothing was written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path] = await readFile(path, 'latin1');
  }
  return out;
}

describe('validate agrees with generate on the reference schema cases', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempProject('validate');
    const init = await runIn(dir, ['init', '--no-sample']);
    expect(init.code, init.stderr).toBe(0);
  });

  it('covers the 130 cases', () => expect(files.length).toBe(130));

  for (const file of files) {
    it(file, async () => {
      await writeFile(join(dir, file), readFileSync(join(casesDir, file)));
      const before = await snapshot(dir);
      const checked = await runIn(dir, ['validate', file, '--format', 'json']);
      expect(await snapshot(dir)).toEqual(before);
      const problems = JSON.parse(checked.stdout) as Problem[];
      const generated = await runIn(dir, ['generate', file, '-o', '-']);
      if (generated.code === 0) {
        expect(problems, checked.stdout).toEqual([]);
        expect(checked.code).toBe(0);
        return;
      }
      expect(checked.code).toBe(1);
      expect(problems.length, generated.stderr).toBeGreaterThan(0);
      for (const p of problems) {
        // A validation detail is written `file:line:col path: message`, a located error `file:line:col: message`.
        const at = p.line === undefined ? '' : `${p.file}:${p.line}:${p.col}`;
        const forms = at === '' ? [p.message] : [`${at} ${p.message}`, `${at}: ${p.message}`];
        expect(
          forms.some((f) => generated.stderr.includes(f)),
          `${forms[0]}\n${generated.stderr}`,
        ).toBe(true);
        if (p.hint !== undefined) expect(generated.stderr).toContain(`hint: ${p.hint}`);
      }
    });
  }
});
