import { defineConfig } from 'vitest/config';
import { corpusProblem, corpusRequired } from './test/helpers/corpus.js';
import { goOracleProblem, goOracleRequired } from './test/helpers/go-oracle.js';
import TierReporter from './test/setup/tier-reporter.js';

// The tiers, one vitest project each:
//   unit        fast, pure or temp-dir tests; run anywhere
//   golden      the examples and default provisioners against their committed expected output
//   acceptance  the shared corpus of third-party files (../shared/corpus, or SCORE_COMPOSE_CORPUS);
//               skipped with a reason when it is absent, unless SCORE_COMPOSE_CORPUS says it is required
//   oracle      src/gotemplate against Go's own text/template + sprig (Debian's golang-go and sprig packages);
//               skipped with a reason when they are absent, unless SCORE_COMPOSE_ORACLE says they are required
//   crash       the built command as a child process, killed (kill -9 at random moments, Ctrl-C) and
//               faulted (a stuck cmd:// provisioner); no Docker, but minutes: left out of quick runs
//   e2e         a real Docker engine; files run one at a time (they share the engine and host ports),
//               after the other tiers
const skipAcceptance = corpusProblem() !== undefined && !corpusRequired();
const oracleProblem = goOracleProblem();
const skipOracle = oracleProblem !== undefined && !goOracleRequired();
const notRun: Record<string, string> = {
  ...(skipAcceptance ? { acceptance: `${corpusProblem()}; set SCORE_COMPOSE_CORPUS=<dir> to run it` } : {}),
  ...(skipOracle ? { oracle: `${oracleProblem}; scripts/ci-setup.sh installs it` } : {}),
};

// CI asks for a JSON report as well (for its one-line summary) without replacing these reporters.
const jsonReport = process.env['VITEST_JSON_REPORT'];
const reporters = [
  'default',
  new TierReporter(notRun),
  ...(jsonReport ? [['json', { outputFile: jsonReport }] as [string, Record<string, unknown>]] : []),
];

const tier = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, include, ...extra },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/setup/temp-root.ts'],
    reporters,
    projects: [
      tier('unit', ['test/unit/**/*.test.ts']),
      tier('golden', ['test/golden/**/*.test.ts']),
      ...(skipAcceptance ? [] : [tier('acceptance', ['test/acceptance/**/*.test.ts'])]),
      ...(skipOracle ? [] : [tier('oracle', ['test/oracle/**/*.test.ts'])]),
      tier('crash', ['test/crash/**/*.test.ts']),
      tier('e2e', ['test/e2e/**/*.test.ts'], { fileParallelism: false, sequence: { groupOrder: 1 } }),
    ],
  },
});
