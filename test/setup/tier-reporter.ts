// Prints one line per test tier at the end of a run (`unit: 612 passed`), and for a tier that
// did not run, why. Tiers are the vitest projects of vitest.config.ts.
import type { Reporter, TestModule } from 'vitest/node';

type Counts = Record<'passed' | 'failed' | 'skipped', number>;

/** A reporter that summarises each tier; `notRun` maps a tier to the reason it was left out. */
export default class TierReporter implements Reporter {
  constructor(private readonly notRun: Record<string, string> = {}) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tiers = new Map<string, Counts>();
    for (const module of modules) {
      const counts = tiers.get(module.project.name) ?? { passed: 0, failed: 0, skipped: 0 };
      tiers.set(module.project.name, counts);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A file that failed to load has no tests: count it as a failure so it cannot pass unseen.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed += 1;
    }
    const lines = ['Tiers:'];
    for (const [name, c] of [...tiers].sort(([a], [b]) => a.localeCompare(b))) {
      const parts = [
        `${c.passed} passed`,
        ...(c.failed ? [`${c.failed} failed`] : []),
        ...(c.skipped ? [`${c.skipped} skipped`] : []),
      ];
      lines.push(`  ${name}: ${parts.join(', ')}`);
    }
    for (const [name, reason] of Object.entries(this.notRun)) lines.push(`  ${name}: not run (${reason})`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
