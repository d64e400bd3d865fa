// Running a case through both engines and saying how they differ: the output must be identical,
// or both must fail in the same phase (parse or execution).
import { TemplateExecError } from '../../src/gotemplate/exec.js';
import { TemplateParseError } from '../../src/gotemplate/parser.js';
import { GoTemplate } from '../../src/gotemplate/template.js';
import { SPRIG_FUNCS } from '../../src/gotemplate/sprig/index.js';
import type { GoValue } from '../../src/gotemplate/values.js';
import type { OracleCase, OracleResult } from '../helpers/go-oracle.js';
import { encodeGoData } from './go-data.js';

/** What an engine made of a case. */
export interface Outcome {
  readonly output?: string;
  readonly error?: string;
  readonly phase?: string;
}

/** Renders with src/gotemplate, as score-compose prepares a template (name "", sprig functions). */
export function renderWithTs(template: string, data: GoValue, missingKey = 'default'): Outcome {
  try {
    const t = GoTemplate.parse(template, { funcs: SPRIG_FUNCS, missingKey: missingKey as 'default' });
    return { output: t.execute(data) };
  } catch (e) {
    if (e instanceof TemplateParseError) return { error: e.message, phase: 'parse' };
    if (e instanceof TemplateExecError) return { error: e.message, phase: 'exec' };
    return { error: `${(e as Error).name}: ${(e as Error).message}`, phase: 'crash' };
  }
}

/** The oracle's input for a case. */
export function oracleCase(template: string, data: GoValue, missingKey = 'default'): OracleCase {
  return { name: '', template, data: encodeGoData(data), missingkey: missingKey };
}

/** Undefined when the outcomes agree, else a description of the difference. */
export function difference(ts: Outcome, go: OracleResult): string | undefined {
  if (go.phase === 'panic' || go.phase === 'input') return `the oracle could not run the case: ${go.error}`;
  if (go.output !== undefined) {
    if (ts.output === go.output) return undefined;
    if (ts.output !== undefined)
      return `output differs:\n  go: ${JSON.stringify(go.output)}\n  ts: ${JSON.stringify(ts.output)}`;
    return `go rendered ${JSON.stringify(go.output)}, ts failed (${ts.phase}): ${ts.error}`;
  }
  if (ts.output !== undefined)
    return `go failed (${go.phase}): ${go.error}\n  ts rendered ${JSON.stringify(ts.output)}`;
  if (ts.phase !== go.phase)
    return `both failed, in different phases:\n  go (${go.phase}): ${go.error}\n  ts (${ts.phase}): ${ts.error}`;
  return undefined;
}

/** The location part of a Go template error (`template: :3:14:` or `template: :3:`), for comparing texts. */
export function errorLocation(message: string | undefined): string | undefined {
  return /^template: [^:]*:\d+(:\d+)?:/.exec(message ?? '')?.[0];
}
