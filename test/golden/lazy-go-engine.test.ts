// The Go template engine (src/gotemplate) is loaded only when a Go template is used: `init` and
// `generate` with the default (Handlebars) provisioners never load it, so their start-up is what
// it was before the engine existed. Checked on the built modules (dist/, `npm run build`) in a
// child process whose module loader records every module of dist/gotemplate it loads. The CLI
// bundle keeps the same laziness: esbuild turns each `await import()` into a part evaluated on
// first use (scripts/bundle-cli.mjs).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempProject } from '../helpers/cli.js';

const run = promisify(execFile);
const MAIN = join(REPO_ROOT, 'dist/cli/main.js');

/** Runs the built CLI with `argv` in `dir`; returns the dist/gotemplate modules it loaded. */
async function goModulesLoaded(dir: string, argv: string[]): Promise<string[]> {
  const log = join(dir, 'loaded.log');
  await writeFile(log, '');
  await writeFile(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.includes('/dist/gotemplate/')) appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}
`,
  );
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  await writeFile(
    join(dir, 'cli.mjs'),
    `import { main } from ${JSON.stringify(pathToFileURL(MAIN).href)};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  await run(process.execPath, ['--import', './register.mjs', 'cli.mjs', ...argv], { cwd: dir });
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

describe('the Go template engine loads lazily', () => {
  it('is not loaded by init and generate with the default provisioners', async () => {
    expect(existsSync(MAIN), 'run `npm run build` first').toBe(true);
    const dir = await tempProject('lazy-go');
    expect(await goModulesLoaded(dir, ['init'])).toEqual([]);
    // The sample: postgres, dns and route, each rendered by a Handlebars default provisioner.
    expect(await goModulesLoaded(dir, ['generate', 'score.yaml'])).toEqual([]);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toContain('postgres');
  }, 60_000);

  it('is loaded as soon as a Go template provisions a resource', async () => {
    const dir = await tempProject('lazy-go');
    expect(await goModulesLoaded(dir, ['init'])).toEqual([]);
    await writeFile(
      join(dir, '.score-compose/00-go.provisioners.yaml'),
      '- uri: template://go-dns\n  type: dns\n  outputs: |\n    host: {{ .Id | replace "." "-" }}.localhost\n',
    );
    const loaded = await goModulesLoaded(dir, ['generate', 'score.yaml']);
    expect(loaded.some((url) => url.endsWith('/dist/gotemplate/template.js'))).toBe(true);
    expect(await readFile(join(dir, '.score-compose/state.yaml'), 'utf8')).toContain('host: hello-world-dns.localhost');
  }, 60_000);
});
