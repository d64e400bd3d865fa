import { describe, expect, it } from 'vitest';
import { mergeSharedState } from '../../../src/provisioners/shared-state.js';
import { unitCases } from './unit-cases.js';

describe('mergeSharedState', () => {
  it('deletes keys set to null (vector: i: j, k: nil -> {i: j})', () => {
    expect((unitCases('template_provisioner') as { apply_to_state_notes: string }).apply_to_state_notes).toContain(
      '(i: j, k: nil -> {i: j})',
    );
    expect(mergeSharedState({ k: 'v' }, { i: 'j', k: null })).toEqual({ i: 'j' });
  });

  it('merges maps recursively and replaces everything else', () => {
    const base = { a: { x: 1, y: { z: 1 } }, list: [1, 2], s: 'old', keep: true };
    const patch = { a: { y: { z: null, w: 2 }, n: null }, list: [3], s: { now: 'map' } };
    expect(mergeSharedState(base, patch)).toEqual({
      a: { x: 1, y: { w: 2 } },
      list: [3],
      s: { now: 'map' },
      keep: true,
    });
    expect(base).toEqual({ a: { x: 1, y: { z: 1 } }, list: [1, 2], s: 'old', keep: true });
  });
});
