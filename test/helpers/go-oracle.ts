// The Go oracle of the differential tests of src/gotemplate: Go's own text/template with sprig
// (Debian's golang-go and golang-github-masterminds-sprig-dev, which scripts/ci-setup.sh installs),
// driven by test/go-oracle/render.go. The one place that knows where they are and how to build.
//
// SCORE_COMPOSE_ORACLE=require   the oracle tier must run, and fails when Go or sprig is missing (CI sets this)
// unset                          the tier runs when both are installed, else it is skipped with the reason
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GOPATH = '/usr/share/gocode';
const SPRIG_DIR = join(GOPATH, 'src/github.com/Masterminds/sprig');

/** True when the oracle tier must run (and fail without Go) rather than be skipped. */
export function goOracleRequired(env: Record<string, string | undefined> = process.env): boolean {
  const setting = env['SCORE_COMPOSE_ORACLE'];
  return setting !== undefined && setting !== '';
}

/** Why the oracle cannot run here, or undefined when Go and sprig are installed. */
export function goOracleProblem(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return 'no Go toolchain (apt-get install golang-go)';
  if (!existsSync(SPRIG_DIR)) return `no sprig at ${SPRIG_DIR} (apt-get install golang-github-masterminds-sprig-dev)`;
  return undefined;
}

/** One case for the oracle: a template, its data as JSON text (see render.go), and the missingkey option. */
export interface OracleCase {
  readonly name: string;
  readonly template: string;
  readonly data: string;
  readonly missingkey: string;
}

/** What the oracle made of a case. */
export interface OracleResult {
  readonly output?: string;
  readonly error?: string;
  readonly phase?: 'parse' | 'exec' | 'panic' | 'input';
}

/** Builds the renderer once per test run (the run's temp root is shared by its workers). */
export function buildGoOracle(): string {
  const problem = goOracleProblem();
  if (problem !== undefined) throw new Error(`the Go oracle cannot run: ${problem}`);
  const dir = join(tmpdir(), 'go-oracle');
  const binary = join(dir, 'render');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, 'build-'));
  const built = spawnSync('go', ['build', '-o', join(work, 'render'), 'render.go'], {
    cwd: join(REPO_ROOT, 'test/go-oracle'),
    encoding: 'utf8',
    env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
  });
  if (built.status !== 0) throw new Error(`go build of test/go-oracle failed:\n${built.stderr}`);
  renameSync(join(work, 'render'), binary);
  return binary;
}

/** Renders the cases with Go, in one process. */
export function renderWithGo(binary: string, cases: readonly OracleCase[]): OracleResult[] {
  // The data goes in as written: JSON.parse would turn the float 1.0 into the int 1.
  const input = `[${cases
    .map(
      (c) =>
        `{"name":${JSON.stringify(c.name)},"template":${JSON.stringify(c.template)},"missingkey":${JSON.stringify(c.missingkey)},"data":${c.data}}`,
    )
    .join(',')}]`;
  const run = spawnSync(binary, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`the Go oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as OracleResult[];
}
