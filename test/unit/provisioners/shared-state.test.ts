import { describe, expect, it } from 'vitest';
import { mergeSharedState } from '../../../src/provisioners/shared-state.js';

// The reference's null-deletes vector (template_provisioner apply_to_state_notes) is in
// test/acceptance/vectors/shared-state.test.ts.

describe('mergeSharedState', () => {
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
