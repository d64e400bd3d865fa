// The value of com.docker.compose.config-hash: a sha256 of the canonical JSON of the service,
// without the fields that must not cause a recreate (compose-runtime.md §5). Compose's own hash
// (Go json.Marshal of its types) cannot be reproduced, so each tool sees the other's containers
// as diverged; within one tool a second `up` is a no-op.

import { createHash } from 'node:crypto';
import type { ComposeService } from '../compose/types.js';

// Changing only these never recreates a container.
const EXCLUDED = new Set(['build', 'pull_policy', 'scale', 'depends_on', 'profiles']);

/** JSON with object keys sorted at every level and undefined members dropped. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * The config hash of a service (hex sha256). `contentDigest`, when given, is folded in: for
 * one-shot services it is the digest of their mounted files (see mount-digest.ts).
 */
export function serviceConfigHash(service: ComposeService, contentDigest?: string): string {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (EXCLUDED.has(key)) continue;
    if (key === 'deploy' && value !== null && typeof value === 'object') {
      const { replicas: _replicas, ...rest } = value as Record<string, unknown>;
      kept[key] = rest;
      continue;
    }
    kept[key] = value;
  }
  if (contentDigest !== undefined) kept['x-mounted-content'] = contentDigest;
  return createHash('sha256').update(stableStringify(kept)).digest('hex');
}
