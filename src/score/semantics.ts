// Checks the schema cannot express (the reference loader's validation): metadata.name,
// placeholder syntax and targets, and `before` relationships; and no NUL characters.
import { checkBefore } from './check-before.js';
import { checkPlaceholders } from './check-placeholders.js';
import { checkNulCharacters } from './check-strings.js';
import { sortProblems } from './problem.js';
import { isRecord } from '../common/is-record.js';
import type { Problem } from './problem.js';

function checkMetadataName(workload: Record<string, unknown>): Problem[] {
  const metadata = workload['metadata'];
  if (!isRecord(metadata) || metadata['name'] === undefined || metadata['name'] === null) {
    return [{ path: ['metadata'], message: 'metadata.name is required' }];
  }
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') {
    return [{ path: ['metadata', 'name'], message: 'metadata.name must be a non-empty string' }];
  }
  return [];
}

/** Every semantic problem in a workload (after upgrade), sorted by path; empty when fine. */
export function checkWorkloadSemantics(w: Record<string, unknown>): Problem[] {
  return sortProblems([...checkMetadataName(w), ...checkPlaceholders(w), ...checkBefore(w), ...checkNulCharacters(w)]);
}
