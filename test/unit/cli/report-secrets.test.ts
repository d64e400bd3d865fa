import { describe, expect, it } from 'vitest';
import { reportError, stderrLogger } from '../../../src/cli/report.js';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { registerSecrets } from '../../../src/secrets/redact.js';

describe('what the CLI prints on stderr masks every known secret', () => {
  it('in an error, its details and hint, and in log lines', () => {
    const value = 'Pq7-report-secret';
    registerSecrets([{ name: 'X', value }]);
    let out = '';
    const io = { cwd: '/', env: {}, stdout: { write: () => {} }, stderr: { write: (t: string) => (out += t) } };
    const err = new ScoreComposeError('input', `cannot use '${value}'`, {
      hint: `try without ${encodeURIComponent(value)}`,
      details: [`value: ${value}`],
    });
    reportError(io, err, 1);
    reportError(io, new Error(`internal ${value}`), 1);
    stderrLogger(io, { quiet: false, verbose: 1 }).debug(`debug ${value}`);
    expect(out).not.toContain(value);
    expect(out).toContain("cannot use '******'");
    expect(out).toContain('debug ******');
  });
});
