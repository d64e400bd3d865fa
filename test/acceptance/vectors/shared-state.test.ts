// The reference's shared-state vector (score-compose-tests/unit_cases.yaml, template_provisioner).
import { describe, expect, it } from 'vitest';
import { mergeSharedState } from '../../../src/provisioners/shared-state.js';
import { unitCases } from '../../helpers/corpus.js';

describe('mergeSharedState', () => {
  it('deletes keys set to null (vector: i: j, k: nil -> {i: j})', () => {
    expect((unitCases('template_provisioner') as { apply_to_state_notes: string }).apply_to_state_notes).toContain(
      '(i: j, k: nil -> {i: j})',
    );
    expect(mergeSharedState({ k: 'v' }, { i: 'j', k: null })).toEqual({ i: 'j' });
  });
});
